"""Run the test suite on SQLite, then on PostgreSQL when one is available; say which ran.

PostgreSQL is used when TEST_DATABASE_URL is set or when postgresql://127.0.0.1:5432/test answers.
With REQUIRE_POSTGRES=1 (CI) an unreachable PostgreSQL is a failure, not a skip.
Extra arguments are passed to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_url() -> tuple[str | None, str]:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG_URL
    try:
        import psycopg

        psycopg.connect(
            url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3
        ).close()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return None, f"{url} not reachable ({type(error).__name__}: {str(error).strip()[:120]})"
    return url, url


def run_pytest(label: str, extra_env: dict[str, str], args: list[str]) -> int:
    print(f"\n===== test suite on {label} =====", flush=True)
    env = {**os.environ, **extra_env}
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)  # noqa: S603


def main(args: list[str]) -> int:
    results: dict[str, str] = {}
    sqlite_env = {"TEST_DATABASE_URL": ""}
    code = run_pytest("SQLite", sqlite_env, args)
    results["sqlite"] = "passed" if code == 0 else f"FAILED (exit {code})"

    url, detail = postgres_url()
    if url is None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            results["postgresql"] = f"FAILED: {detail}"
        else:
            results["postgresql"] = f"SKIPPED: {detail}"
    else:
        # Browser journeys test the UI, not the database: once (on SQLite) is enough.
        pg_code = run_pytest("PostgreSQL", {"TEST_DATABASE_URL": url}, [*args, "-m", "not e2e"])
        results["postgresql"] = "passed" if pg_code == 0 else f"FAILED (exit {pg_code})"

    print("\n===== backends =====")
    for backend, outcome in results.items():
        print(f"  {backend:<11} {outcome}")
    return 0 if all(r == "passed" or r.startswith("SKIPPED") for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
