"""Render slots: how many renders one web process runs at once.

Rendering a PDF is pure-Python layout that holds the interpreter lock; letting every thread
of a process render at once only makes each of them slower, and the pages with them. So
each request's renders take one of the process's ``render_slots`` (default 1), and a render
waiting longer than ``render_wait_s`` gets a 503 with ``Retry-After`` instead of queueing
without bound. The core knows nothing of this: the app sets ``docgen.service.render_gate``
for each request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from flask import Flask, g

from docgen.config import Settings
from docgen.errors import BusyError
from docgen.service import render_gate
from docgen.telemetry import metrics

_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore(size: int) -> threading.BoundedSemaphore:
    global _slots, _slots_size
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


@contextmanager
def render_slot(settings: Settings) -> Iterator[None]:
    """Hold one of this process's render slots for the duration of a web request's render.

    Renders hold the interpreter lock; letting every thread render at once only makes each
    of them slower (and the pages with them). Waiting longer than ``render_wait_s`` raises
    BusyError (503) so a flood of renders cannot queue without bound.
    """
    slots = _semaphore(max(1, settings.render_slots))
    if not slots.acquire(timeout=settings.render_wait_s):
        metrics().render_waiting.inc()
        raise BusyError("máy chủ đang bận tạo văn bản khác; xin thử lại sau ít giây")
    try:
        yield
    finally:
        slots.release()



def init_app(app: Flask, settings: Settings) -> None:
    """Every render made while serving a request of ``app`` takes a render slot first."""

    def gate() -> AbstractContextManager[None]:
        return render_slot(settings)

    @app.before_request
    def _gate() -> None:
        g.docgen_render_gate = render_gate.set(gate)

    @app.teardown_request
    def _ungate(_exc: BaseException | None) -> None:
        token = g.pop("docgen_render_gate", None)
        if token is not None:
            render_gate.reset(token)
