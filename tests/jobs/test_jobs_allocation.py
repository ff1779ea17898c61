"""Register numbers (sổ vàng) of registered batches: allocated once per (batch, row) in one
short transaction, reused by a retry, consecutive per agency under concurrency, given back
when a batch fails, and never held while rendering."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from docgen.services.registry.models import Certificate, Counter
from tests.jobs.conftest import registered_input

ROWS = [{"recipient": f"Ông Người {i}", "award": "bang-khen-vkstc", "title": "Bằng khen",
         "issuer": "Viện kiểm sát nhân dân tối cao", "issued_on": "2026-01-05"}
        for i in range(5)]


def rows(n: int) -> list[dict]:
    from datetime import date

    return [dict(ROWS[i % 5], issued_on=date(2026, 1, 5)) for i in range(n)]


def counter(registry) -> int:
    with registry.sessions() as s:
        return s.execute(select(Counter.last).where(Counter.sequence == "register")
                         ).scalar_one()


def test_a_retried_allocation_reuses_the_numbers(registry):
    first = registry.certificates.allocate("b1", "vkstc", rows(5))
    again = registry.certificates.allocate("b1", "vkstc", rows(5))
    assert first.numbers == again.numbers == [1, 2, 3, 4, 5]
    assert first.codes == again.codes
    assert counter(registry) == 5


def test_concurrent_batches_get_consecutive_blocks(registry):
    with ThreadPoolExecutor(max_workers=8) as pool:
        allocations = list(pool.map(
            lambda i: registry.certificates.allocate(f"b{i}", "vkstc", rows(7)), range(8)))
    for a in allocations:
        assert a.numbers == list(range(a.numbers[0], a.numbers[0] + 7))
    assert sorted(n for a in allocations for n in a.numbers) == list(range(1, 57))


def test_the_same_batch_allocated_twice_at_once_takes_one_block(registry):
    with ThreadPoolExecutor(max_workers=4) as pool:
        allocations = list(pool.map(
            lambda _: registry.certificates.allocate("same", "vkstc", rows(6)), range(4)))
    assert all(a.numbers == [1, 2, 3, 4, 5, 6] for a in allocations)
    with registry.sessions() as s:
        assert len(s.execute(select(Certificate.id)).all()) == 6
    assert counter(registry) == 6


def test_a_failed_batch_gives_back_the_last_numbers_or_cancels_them(registry):
    registry.certificates.allocate("a", "vkstc", rows(3))
    registry.certificates.allocate("b", "vkstc", rows(3))
    registry.certificates.release("a")  # numbers taken after it: kept, marked cancelled
    registry.certificates.release("b")  # the last block: given back
    assert counter(registry) == 3
    with registry.sessions() as s:
        statuses = s.execute(select(Certificate.batch_id, Certificate.status)).all()
    assert sorted(statuses) == [("a", "cancelled")] * 3
    assert registry.certificates.allocate("c", "vkstc", rows(2)).numbers == [4, 5]


@pytest.mark.slow
def test_rendering_a_registered_batch_holds_no_write_lock(app, records, monkeypatch):
    """SQLite: while a registered batch renders, other writers go on (issue 8)."""
    from docgen.http.context import services
    from docgen.services.jobs import pipeline

    rendering = threading.Event()
    real = pipeline.render_chunk_file

    def slow(work):  # type: ignore[no-untyped-def]
        rendering.set()
        time.sleep(3)
        return real(work)

    monkeypatch.setattr(pipeline, "render_chunk_file", slow)
    state = records.post("/api/v1/batches", json=registered_input(2)).json
    assert rendering.wait(60)
    data = registered_input(1)
    t0 = time.monotonic()
    reg = services(app).registry
    reg.certificates.allocate("other", reg.agency_of(data["issuer"]), rows(1))
    assert time.monotonic() - t0 < 2
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)
