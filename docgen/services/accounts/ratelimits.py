"""A Flask-Limiter (``limits``) storage in docgen's own database, so the sign-in limits are
counted once for every server process (gunicorn's workers, several machines on one
PostgreSQL) without another server to run. Redis (``DOCGEN_RATELIMIT_STORAGE_URI``) stays
the choice for a busy site; ``memory://`` counts per process.

Fixed windows only (the strategy docgen uses): one row per key with its count and the end
of its window; a counter past its window starts again at the next hit, and expired rows
are deleted as new ones are written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from limits.storage import Storage
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from docgen.services.registry.models import RateLimit

#: The URI scheme of this storage (``Limiter(storage_uri=DATABASE_URI, ...)``).
SCHEME = "docgen+database"
DATABASE_URI = f"{SCHEME}://"


class DatabaseStorage(Storage):
    """Counters in the ``rate_limits`` table. ``sessions``: a callable giving the
    registry's session factory (called at first use, so building the limiter opens no
    database)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 sessions: Callable[[], sessionmaker[Session]] | None = None,
                 **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if sessions is None:
            raise ValueError("DatabaseStorage needs the registry's sessions")
        self._sessions = sessions

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        for _ in range(3):
            try:
                with self._sessions().begin() as s:
                    s.execute(delete(RateLimit).where(RateLimit.expires_at <= now,
                                                      RateLimit.key != key))
                    row = s.execute(select(RateLimit).where(RateLimit.key == key)
                                    .with_for_update()).scalar_one_or_none()
                    if row is None:
                        s.add(RateLimit(key=key, count=amount, expires_at=now + expiry))
                        return amount
                    if row.expires_at <= now:  # the window is over: a new one starts
                        row.count, row.expires_at = amount, now + expiry
                    else:
                        row.count += amount
                    return row.count
            except IntegrityError:
                continue  # another process created the row first: count on it
        raise RuntimeError(f"rate limit counter {key!r} could not be written")

    def _row(self, key: str) -> RateLimit | None:
        with self._sessions()() as s:
            row = s.get(RateLimit, key)
        return row if row is not None and row.expires_at > time.time() else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with self._sessions()() as s:
                s.execute(select(func.count()).select_from(RateLimit))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self._sessions().begin() as s:
            return len(s.execute(delete(RateLimit).returning(RateLimit.key)).all())

    def clear(self, key: str) -> None:
        with self._sessions().begin() as s:
            s.execute(delete(RateLimit).where(RateLimit.key == key))
