"""The real app under gunicorn on 127.0.0.1, and learners that study through it over HTTP.

Shared by `bench/review_http.py` (figures) and `tests/integration/test_crash_safety.py` (a proof):
both must see the app exactly as a deployment does, so both drive it through the same code.

`GunicornServer` starts `gunicorn 'trainer:create_app()'` in a session of its own, so that
`crash()` can SIGKILL the master and every worker at once (a crash, not a shutdown) and
`stop()`/leaving the `with` block never leaves a process behind. `StudyClient` is one learner on
one keep-alive connection (stdlib `http.client`, cheap on a small machine): it logs in through
the form with its CSRF token and answers through the study page's endpoints (or the JSON API)
with the per-presentation token, as study.js does.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Production refuses a SECRET_KEY shorter than 32 characters.
SERVER_SECRET = "live-server-secret-for-scratch-servers-only"  # noqa: S105 - scratch servers only
TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ITEM_ID_RE = re.compile(r"\b([a-z]{2,5}-\d{3,4})\b")
KIND_RE = re.compile(r'badge text-bg-light">(\w+)<')


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (chosen by the kernel)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, folder: str, **overrides: str) -> dict[str, str]:
    """Production settings for a plain-http server on loopback; `overrides` win."""
    return {
        **os.environ,
        "TRAINER_ENV": "production",
        "SECRET_KEY": SERVER_SECRET,
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": "0",  # plain http on 127.0.0.1
        "HSTS_SECONDS": "0",
        "TRAINER_INSTANCE_DIR": folder,
        **overrides,
    }


class GunicornServer:
    """`gunicorn -w W --threads T -b 127.0.0.1:PORT 'trainer:create_app()'`, started on demand.

    Use it as a context manager: leaving the block kills whatever is still running.
    """

    # gunicorn writes its own log file (--error-logfile); other servers log to stderr.
    stderr_to_log = False

    def __init__(
        self,
        env: Mapping[str, str],
        folder: str,
        *,
        port: int | None = None,
        workers: int = 2,
        threads: int = 2,
        preload: bool = False,
    ):
        self.env = dict(env)
        self.folder = folder
        self.port = port or free_port()
        # Production needs the public address (links in mail; the one trusted Host).
        self.env.setdefault("PUBLIC_URL", f"http://{HOST}:{self.port}")
        self.workers = workers
        self.threads = threads
        self.preload = preload
        self.log_path = Path(folder, "gunicorn.log")
        self.proc: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        # --preload: the master imports the app once and forks the workers (a faster start;
        # each worker still opens its own database connections).
        return [
            str(Path(sys.executable).with_name("gunicorn")),
            "-w",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            "gthread" if self.threads > 1 else "sync",
            "-b",
            f"{HOST}:{self.port}",
            "--keep-alive",
            "30",
            "--graceful-timeout",
            "10",
            "--error-logfile",
            str(self.log_path),
            *(["--preload"] if self.preload else []),
            "trainer:create_app()",
        ]

    def start(self, ready_timeout: float = 60.0) -> GunicornServer:
        """Start the server and wait until it serves the login page."""
        if self.running:
            raise RuntimeError("the server is already running")
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log if self.stderr_to_log else subprocess.DEVNULL,
                start_new_session=True,  # its own process group: crash() reaches every worker
            )
        self._wait_ready(ready_timeout)
        return self

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                try:
                    conn.request("GET", "/auth/login")
                    if conn.getresponse().status == 200:
                        return
                finally:
                    conn.close()
            except OSError:
                pass
            time.sleep(0.1)
        self.crash()
        raise RuntimeError(f"gunicorn did not come up on {HOST}:{self.port}:\n{self.log_tail()}")

    def crash(self) -> None:
        """SIGKILL the master and all its workers at once: nothing gets to finish or clean up."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):  # the whole group is gone already
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """A normal shutdown (SIGTERM: the master stops its workers), then SIGKILL if stuck."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=20)
        self.crash()  # also reaches any worker that outlived its master

    def __enter__(self) -> GunicornServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text()[-chars:] if self.log_path.exists() else "(no log)"


class GranianServer(GunicornServer):
    """`granian --interface wsgi --workers W --blocking-threads T --factory trainer:create_app`:
    the same app under granian (Rust HTTP server, WSGI in a thread pool), same interface."""

    stderr_to_log = True

    @property
    def command(self) -> list[str]:
        return [
            str(Path(sys.executable).with_name("granian")),
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--blocking-threads",
            str(self.threads),
            "--no-access-log",
            "--factory",
            "trainer:create_app",
        ]


SERVERS = {"gunicorn": GunicornServer, "granian": GranianServer}


class StudyClient:
    """One learner's browser: cookies, CSRF token, one keep-alive connection.

    `contents` maps item ids to their content (`item.to_content()`), to recognise which item the
    study page shows. A request that fails on the network raises; the next one reconnects.
    """

    def __init__(
        self,
        port: int,
        email: str,
        password: str,
        contents: Mapping[str, dict[str, Any]],
        *,
        timeout: float = 30.0,
        api: bool = False,
    ):
        self.port = port
        self.email = email
        self.password = password
        self.contents = contents
        self.timeout = timeout
        self.api = api
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            raise
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, data

    def close(self) -> None:
        self.conn.close()

    def login(self) -> None:
        status, page = self.request("GET", "/auth/login")
        match = CSRF_RE.search(page.decode())
        if status != 200 or not match:
            raise RuntimeError(f"login page: HTTP {status}")
        self.csrf = match.group(1)  # stays valid for the session: the API client sends it
        form = urllib.parse.urlencode(
            {"email": self.email, "password": self.password, "csrf_token": match.group(1)}
        ).encode()
        status, _ = self.request(
            "POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"login: HTTP {status} (expected a redirect)")

    def get_card(self) -> dict:
        """The next card as {"done", "token", "item", "kind"} from the page endpoint or the API."""
        path = "/api/v1/study/next" if self.api else "/study/card"
        status, data = self.request("GET", path, headers={"Accept": "application/json"})
        if status != 200:
            raise RuntimeError(f"GET {path} HTTP {status}")
        body = json.loads(data)
        if self.api:
            card = body["card"]
            if card is None:
                return {"done": True}
            return {
                "done": False,
                "token": card["token"],
                "item": card["item"],
                "kind": card["kind"],
            }
        if body.get("done"):
            return {"done": True}
        html = body["html"]
        csrf = CSRF_RE.search(html)
        if csrf:
            self.csrf = csrf.group(1)
        item_id = next(i for i in ITEM_ID_RE.findall(html) if i in self.contents)
        kind = KIND_RE.search(html)
        return {
            "done": False,
            "token": TOKEN_RE.search(html).group(1),
            "item": item_id,
            "kind": kind.group(1) if kind else "?",
        }

    def post_answer(self, body: bytes) -> tuple[int, dict]:
        """POST one answer (`{"token", "response"}` as JSON); returns the status and the body."""
        status, data = self.request(
            "POST",
            "/api/v1/study/answers" if self.api else "/study/answer",
            body,
            {
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": self.csrf,
            },
        )
        try:
            return status, json.loads(data)
        except ValueError:
            return status, {}
