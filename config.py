"""Configuration, read from the environment with safe defaults.

Every setting is documented in the README ("Configuration"). `create_app` picks the class from
`TRAINER_ENV` (development | testing | production) unless one is passed in.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TRAINER_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused by ProductionConfig.check


def normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` forms hosts hand out; we drive psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # Links in mail are built from this, never from the request's Host header (which a client
    # chooses). Empty: SERVER_NAME with PREFERRED_URL_SCHEME, else DEV_PUBLIC_URL outside
    # production. Production refuses to start without one of them.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    DEV_PUBLIC_URL = "http://127.0.0.1:5000"
    # Host names the app answers; others get 400. None accepts any (development). In production
    # the default is the host of PUBLIC_URL / SERVER_NAME (see trainer/public_urls.py).
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    # Reverse proxies in front of the app (load balancer, nginx): with N > 0 the client address
    # (rate limits, logs) and scheme come from the last N X-Forwarded-For / -Proto entries.
    # Leave 0 when clients reach the app directly, or they could forge their address.
    TRUST_PROXY_HOPS = _int("TRUST_PROXY_HOPS", 0)
    # Request bodies above this get 413 (uploads of credentials and question files included).
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = _int("MAX_FORM_MEMORY_SIZE", 2 * 1024 * 1024)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'trainer.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # SQLite durability: WAL plus synchronous=NORMAL is the usual embedded default; FULL survives
    # power loss at some cost per commit. See trainer/extensions.py for where the pragmas are set.
    SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
    # How long a writer waits for another's lock before the request is answered 503.
    SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 5000)
    PG_LOCK_TIMEOUT_MS = _int("PG_LOCK_TIMEOUT_MS", 5000)

    QUESTION_BANK_DIR = os.environ.get("QUESTION_BANK_DIR", str(BASE_DIR / "question_bank"))

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = _int("WTF_CSRF_TIME_LIMIT", 3600 * 8)

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Namespaces this deployment's counters in a Redis that other apps (or staging) share.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "tpt")
    RATELIMIT_HEADERS_ENABLED = True
    # Per account (the email typed); per client address it is looser, since a clinic's staff
    # often share one address.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per minute; 30 per hour")
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get(
        "LOGIN_ADDRESS_RATE_LIMIT", "60 per minute; 600 per hour"
    )
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "10 per hour; 50 per day")
    PASSWORD_CHANGE_RATE_LIMIT = os.environ.get("PASSWORD_CHANGE_RATE_LIMIT", "5 per 15 minutes")

    BOOTSTRAP_SERVE_LOCAL = True  # no CDN: Bootstrap-Flask serves its bundled files
    BOOTSTRAP_BOOTSWATCH_THEME = None

    REMEMBER_COOKIE_DURATION = timedelta(days=_int("REMEMBER_COOKIE_DAYS", 30))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    PASSWORD_RESET_MAX_AGE = _int("PASSWORD_RESET_MAX_AGE", 3600)
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")  # empty: reset links go to the log
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "trainer@localhost")

    # Security headers added to every response (trainer/security.py).
    SECURITY_HEADERS = True
    HSTS_SECONDS = 0
    DEMO_ALLOWED = False


class DevelopmentConfig(Config):
    DEBUG = _bool("FLASK_DEBUG", False)
    DEMO_ALLOWED = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 - test-only
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL") or "sqlite:///:memory:"  # empty means unset
    )
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it back on
    RATELIMIT_ENABLED = False  # the rate-limit test turns it back on
    RATELIMIT_STORAGE_URI = "memory://"
    SQLITE_SYNCHRONOUS = "OFF"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashes, tests only
    MAIL_SERVER = ""
    DEMO_ALLOWED = True
    PUBLIC_URL = "http://localhost"
    TRUSTED_HOSTS = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SESSION_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = _int("HSTS_SECONDS", 31536000)

    @classmethod
    def check(cls, config: dict, env: dict[str, str] | os._Environ = os.environ) -> None:
        """Refuse to start on settings that would be unsafe in production.

        `config` is the app's final configuration (overrides applied), `env` the environment.
        """
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not env.get(name)]
        if not (config.get("PUBLIC_URL") or config.get("SERVER_NAME")):
            missing.append("PUBLIC_URL")
        if missing:
            raise RuntimeError(
                "Production configuration needs these environment variables: " + ", ".join(missing)
            )
        secret = config.get("SECRET_KEY") or ""
        if secret == DEV_SECRET_KEY or len(secret) < 32:
            raise RuntimeError(
                "SECRET_KEY must be a random value of at least 32 characters in production "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
