"""The registry of an app, built on first use (stateless rendering needs no database):
engine from the settings, schema upgraded by Alembic, files under the data folder."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from docgen.config import Settings
from docgen.services.registry.db import make_engine, session_factory, upgrade
from docgen.services.registry.papers import Registry
from docgen.services.registry.storage import DiskStore

_lock = threading.Lock()


def build_registry(settings: Settings) -> Registry:
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    from docgen.signing.config import SigningSetup

    return Registry(session_factory(engine), DiskStore(settings.data_dir / "files"),
                    settings.public_base_url, signing=SigningSetup.from_settings(settings))


def registry(app: Flask | None = None) -> Registry:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _lock:
        reg = app.extensions.get("docgen_registry")
        if reg is None:
            reg = app.extensions["docgen_registry"] = build_registry(
                app.config["DOCGEN_SETTINGS"])
        return reg  # type: ignore[no-any-return]
