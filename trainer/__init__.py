"""Trigger Point Trainer: spaced-repetition training on myofascial trigger points."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from config import BASE_DIR, CONFIGS, INSTANCE_DIR, Config, ProductionConfig


def create_app(config: str | type[Config] | None = None, **overrides: Any) -> Flask:
    """Build the app. `config` is a name from `config.CONFIGS` or a class; `overrides` win."""
    config_class = _config_class(config)
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        instance_path=str(INSTANCE_DIR),
        instance_relative_config=False,
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    if issubclass(config_class, ProductionConfig):
        from trainer.public_urls import configure_trusted_hosts

        ProductionConfig.check(app.config)
        configure_trusted_hosts(app)

    init_proxy(app)
    init_extensions(app)
    init_url_converters(app)
    init_blueprints(app)
    init_errors(app)
    init_security(app)
    init_cli(app)
    return app


def init_proxy(app: Flask) -> None:
    hops = int(app.config.get("TRUST_PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _config_class(config: str | type[Config] | None) -> type[Config]:
    if config is None:
        config = os.environ.get("TRAINER_ENV", "development")
    if isinstance(config, str):
        try:
            return CONFIGS[config]
        except KeyError:
            raise RuntimeError(
                f"unknown TRAINER_ENV {config!r}; use one of {', '.join(CONFIGS)}"
            ) from None
    return config


def init_extensions(app: Flask) -> None:
    from trainer import models  # noqa: F401 - registers the tables with the metadata
    from trainer.extensions import (
        bootstrap,
        configure_sqlite,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
    )
    from trainer.models.types import render_migration_item

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        os.makedirs(app.instance_path, exist_ok=True)

    if uri.startswith("postgresql"):
        # A lock held too long is answered 503 (trainer/errors.py) instead of hanging the worker.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        connect_args = dict(options.get("connect_args", {}))
        lock_timeout = int(app.config["PG_LOCK_TIMEOUT_MS"])
        connect_args.setdefault("options", f"-c lock_timeout={lock_timeout}")
        options["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    if uri.startswith("sqlite"):
        synchronous = app.config["SQLITE_SYNCHRONOUS"]
        if synchronous not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise RuntimeError(
                f"SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, not {synchronous!r}"
            )
        with app.app_context():
            configure_sqlite(db.engine, synchronous, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(
        app,
        db,
        render_as_batch=uri.startswith("sqlite"),
        compare_type=True,
        render_item=render_migration_item,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)

    from trainer.static_assets import init_static_assets

    init_static_assets(app)

    from trainer.auth.access import init_login

    init_login(app)


def init_blueprints(app: Flask) -> None:
    from trainer.api import bp as api_bp
    from trainer.auth import bp as auth_bp
    from trainer.author import bp as author_bp
    from trainer.clinic import bp as clinic_bp
    from trainer.main import bp as main_bp
    from trainer.muscles import bp as bank_bp
    from trainer.quiz import bp as quiz_bp
    from trainer.study import bp as study_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(clinic_bp, url_prefix="/clinics")
    app.register_blueprint(bank_bp, url_prefix="/bank")
    app.register_blueprint(study_bp, url_prefix="/study")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(author_bp, url_prefix="/author")
    app.register_blueprint(quiz_bp, url_prefix="/quizzes")

    from trainer.bodymap import register_template_helpers
    from trainer.navigation import register_navigation

    register_navigation(app)
    register_template_helpers(app)


def init_url_converters(app: Flask) -> None:
    from trainer.request_ids import RowIdConverter

    app.url_map.converters["row_id"] = RowIdConverter


def init_errors(app: Flask) -> None:
    from trainer.errors import register_error_handlers

    register_error_handlers(app)


def init_security(app: Flask) -> None:
    from trainer.security import register_input_guard, register_security_headers

    register_input_guard(app)
    register_security_headers(app)


def init_cli(app: Flask) -> None:
    from trainer.cli import register_cli

    register_cli(app)
