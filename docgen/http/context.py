"""What a view reaches through the app: the process's services and settings.

The app keeps the one ``Services`` the composition root built for it
(``app.extensions["docgen"]``); views ask here instead of reading the app's config or
building anything themselves.
"""

from __future__ import annotations

from flask import Flask, current_app

from docgen.config import Settings
from docgen.services.root import Services

EXTENSION = "docgen"


def services(app: Flask | None = None) -> Services:
    """The services of ``app`` (the current app by default)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions[EXTENSION]


def settings(app: Flask | None = None) -> Settings:
    """The settings the app was built with."""
    return services(app).settings
