"""Browser journeys: the real app on a loopback port, driven by Playwright in Debian's chromium.

Without a `chromium` binary the journeys skip with the reason; with E2E_REQUIRED=1 (CI) that is
a failure instead. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = "no chromium binary on PATH (install Debian's 'chromium' package)"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra not installed
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app, tmp: Path):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a file SQLite database with the shipped bank and one user per role."""
    from trainer import bank as bankfmt
    from trainer import create_app
    from trainer.extensions import db
    from trainer.models import ClinicRole, SiteRole
    from trainer.services import accounts
    from trainer.services.authoring import bank_sync

    tmp = tmp_path_factory.mktemp("e2e")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'e2e.sqlite3'}",
        WTF_CSRF_ENABLED=True,  # the real thing: forms must carry their tokens
    )
    with app.app_context():
        db.create_all()
        bank_sync.import_bank(bankfmt.load_bank(REPO / "question_bank"))
        from trainer.models import Clinic

        clinic = Clinic(name="E2E Clinic", slug="e2e", invite_code="E2E-1")
        db.session.add(clinic)
        accounts.create_user("learner@e2e.example", "Eve Learner", "e2e password 1", clinic=clinic)
        for name in ("desktop", "phone", "busy"):
            accounts.create_user(f"{name}@e2e.example", f"{name.title()} Learner", "e2e password 1")
        accounts.create_user(
            "instructor@e2e.example",
            "Ian Instructor",
            "e2e password 1",
            site_role=SiteRole.INSTRUCTOR,
        )
        accounts.create_user(
            "manager@e2e.example",
            "Meg Manager",
            "e2e password 1",
            clinic=clinic,
            clinic_role=ClinicRole.MANAGER,
        )
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[LiveServer]:
    server = LiveServer(live_app, Path()).start()
    yield server
    server.stop()


def open_page(browser, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = open_page(browser)
    yield page
    context.close()


def login(page, base_url: str, email: str, password: str = "e2e password 1") -> None:
    page.goto(f"{base_url}/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
