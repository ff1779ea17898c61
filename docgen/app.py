"""Old import path of the web application, kept for one release so that a unit file or a
gunicorn command written as ``'docgen.app:create_app()'`` keeps working. The application
lives in ``docgen.http.app``."""

from docgen.http.app import create_app

__all__ = ["create_app"]
