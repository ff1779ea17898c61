"""Old import path of the worker's Celery app (``celery -A docgen.jobs.worker worker``),
kept for one release; use ``celery -A docgen.worker``."""

from docgen.worker import app

__all__ = ["app"]
