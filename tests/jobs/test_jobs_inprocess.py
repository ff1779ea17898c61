"""Jobs without a broker (one office, one machine): the state is in the database, so a
restarted server tells the truth; silent jobs are failed with a reason, live ones are
not; finished ones expire; render processes die with their parent and obey a time limit."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from docgen.cli import main
from docgen.config import Settings
from docgen.http.app import create_app
from docgen.services.registry.models import Batch
from tests.conftest import CHEAP_HASHING
from tests.helpers import ROOT
from tests.jobs.conftest import alive, close_app, registered_input, wait_state


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", secret_key="test", job_chunk_size=2,
                    job_stale_seconds=60, render_async_certificates=5, **CHEAP_HASHING)


def make_app(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(settings)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(records):  # type: ignore[no-untyped-def]
    return records


def same_user(client, app):  # type: ignore[no-untyped-def]
    """A client of another app (a restarted server) with the same credentials."""
    other = app.test_client()
    other.environ_base.update(client.environ_base)
    return other


def age(app, batch_id: str, **delta: float) -> None:  # type: ignore[no-untyped-def]
    """Move a job's clock back instead of waiting."""
    with app.extensions["docgen"].batches.store.sessions.begin() as s:
        batch = s.get(Batch, batch_id)
        for column in ("created_at", "heartbeat_at", "finished_at"):
            if getattr(batch, column) is not None:
                setattr(batch, column, getattr(batch, column) - timedelta(**delta))


@pytest.mark.slow
def test_a_restarted_server_resumes_the_lost_batch(app, client, settings):
    """It used to be failed ("máy chủ đã dừng hoặc khởi động lại"); a server that runs
    jobs now adopts it on the first status read (the command line still fails it:
    test_jobs_cli)."""
    service = app.extensions["docgen"].batches
    service.executor, executor = None, service.executor  # the server dies before running it
    state = client.post("/api/v1/batches", json=registered_input(2)).json
    service.executor = executor
    age(app, state["id"], seconds=120)
    restarted = make_app(settings)
    other = same_user(client, restarted)
    assert other.get(f"/api/v1/batches/{state['id']}").json["state"] in ("queued", "running")
    done = wait_state(other, state["id"])
    close_app(restarted)
    assert (done["state"], done["produced"]) == ("done", 2), done


@pytest.mark.slow
def test_a_restarted_server_reports_a_finished_batch_and_serves_its_file(app, client,
                                                                          settings):
    state = client.post("/api/v1/batches", json=registered_input(3)).json
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)
    restarted = make_app(settings)
    other = same_user(client, restarted)
    done = other.get(f"/api/v1/batches/{state['id']}").json
    assert (done["state"], done["produced"]) == ("done", 3)
    assert len(PdfReader(io.BytesIO(other.get(done["links"]["result"]).data)).pages) == 3
    close_app(restarted)


@pytest.mark.slow
def test_a_slow_batch_with_a_heartbeat_is_not_failed(client, settings, monkeypatch):
    from docgen.services.jobs import pipeline

    real = pipeline.render_chunk_file

    def slow(work):  # type: ignore[no-untyped-def]
        time.sleep(1.5)
        return real(work)

    monkeypatch.setattr(pipeline, "render_chunk_file", slow)
    app = make_app(replace(settings, job_stale_seconds=1))  # heartbeat every 0.2 s
    client = same_user(client, app)
    state = client.post("/api/v1/batches", json=registered_input(4)).json
    seen = []
    done = wait_state(client, state["id"], until=lambda s: seen.append(s["state"]) or
                      s["state"] in ("done", "failed"))
    close_app(app)
    assert done["state"] == "done" and "running" in seen, done


def test_a_failed_registered_batch_gives_its_numbers_back(app, client, monkeypatch):
    from docgen.services.jobs import pipeline

    def boom(work):  # type: ignore[no-untyped-def]
        raise OSError("đĩa đầy")

    service = app.extensions["docgen"].batches
    monkeypatch.setattr(pipeline, "render_chunk_file", boom)
    failed = client.post("/api/v1/batches", json=registered_input(3)).json
    service.executor.wait(failed["id"], timeout=60)
    assert client.get(f"/api/v1/batches/{failed['id']}").json["error"] == "đĩa đầy"
    monkeypatch.undo()
    ok = client.post("/api/v1/batches", json=registered_input(3)).json
    service.executor.wait(ok["id"], timeout=120)
    pdf = client.get(f"/api/v1/batches/{ok['id']}/result").data
    assert "Số sổ vàng: 1" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_purge_command_removes_expired_batches_and_their_files(app, client, settings):
    service = app.extensions["docgen"].batches
    old, new = (client.post("/api/v1/batches", json=registered_input(2, n)).json
                for n in ("Cũ", "Mới"))
    for b in (old, new):
        service.executor.wait(b["id"], timeout=120)
    keys = service.store.keys_of(service.store.get(old["id"]))
    age(app, old["id"], days=31)
    result = CliRunner().invoke(main, ["batches", "purge"],
                                env={"DOCGEN_DATA_DIR": str(settings.data_dir)})
    assert result.exit_code == 0, result.output
    assert "Đã xóa 1 lô" in result.output
    assert client.get(f"/api/v1/batches/{old['id']}").status_code == 404
    assert not any(service.store.files.exists(k) for k in keys)
    assert client.get(f"/api/v1/batches/{new['id']}/result").status_code == 200


@pytest.mark.slow
def test_a_large_render_request_becomes_a_job(app, client):
    data = registered_input(6)
    data.pop("registered")
    resp = client.post("/api/v1/certificate/render?format=pdf", json=data)
    assert resp.status_code == 202
    assert resp.headers["Location"] == f"/api/v1/batches/{resp.json['id']}"
    app.extensions["docgen"].batches.executor.wait(resp.json["id"], timeout=120)
    done = client.get(resp.headers["Location"]).json
    assert (done["state"], done["kind"]) == ("done", "certificate")
    result = client.get(done["links"]["result"])
    assert result.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(result.data)).pages) == 6


def _job_lines(caplog, batch_id: str) -> list[logging.LogRecord]:  # type: ignore[no-untyped-def]
    return [r for r in caplog.records
            if r.name == "docgen.jobs" and getattr(r, "job_id", None) == batch_id]


@pytest.mark.slow
def test_every_finished_job_has_its_log_line_and_metrics(app, client, caplog, monkeypatch):
    """README: a line per job (``job_id``, ``rows``, ``ms``, ``outcome``) and
    ``docgen_jobs_total{kind,outcome}``, for batches, large renders and failures."""
    from prometheus_client import REGISTRY

    from docgen.services.jobs import pipeline

    def jobs_total(kind: str, outcome: str) -> float:
        return REGISTRY.get_sample_value(
            "docgen_jobs_total", {"kind": kind, "outcome": outcome}) or 0.0

    caplog.set_level(logging.INFO, logger="docgen.jobs")
    service = app.extensions["docgen"].batches
    before = (jobs_total("certificates", "done"), jobs_total("certificate", "done"),
              jobs_total("certificates", "failed"))
    batch = client.post("/api/v1/batches", json=registered_input(3)).json
    data = registered_input(6)
    data.pop("registered")
    render = client.post("/api/v1/certificate/render?format=pdf", json=data).json
    for job in (batch, render):
        service.executor.wait(job["id"], timeout=120)
    monkeypatch.setattr(pipeline, "render_chunk_file",
                        lambda work: (_ for _ in ()).throw(OSError("đĩa đầy")))
    failed = client.post("/api/v1/batches", json=registered_input(2)).json
    service.executor.wait(failed["id"], timeout=60)

    for job, rows, outcome in ((batch, 3, "done"), (render, 6, "done"), (failed, 2, "failed")):
        [line] = [r for r in _job_lines(caplog, job["id"])
                  if getattr(r, "outcome", None) == outcome]
        assert (line.rows, line.agency, line.user) == (rows, "vkstc", client.login)
        assert line.ms >= 0
    assert jobs_total("certificates", "done") == before[0] + 1
    assert jobs_total("certificate", "done") == before[1] + 1
    assert jobs_total("certificates", "failed") == before[2] + 1


def test_a_large_render_request_with_bad_input_is_refused_at_once(client):
    data = registered_input(6)
    data.pop("registered")
    data["recipients"][4]["gender"] = "?"
    resp = client.post("/api/v1/certificate/render", json=data)
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"][:2] == ["recipients", 4]


def test_a_small_render_request_is_answered_with_the_file(client):
    data = registered_input(5)
    data.pop("registered")
    resp = client.post("/api/v1/certificate/render", json=data)
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"


@pytest.mark.slow
def test_a_render_past_its_time_limit_is_killed():
    from docgen.render.processes import RenderTimeout, run_limited

    t0 = time.monotonic()
    with pytest.raises(RenderTimeout, match="quá thời gian"):
        run_limited(time.sleep, (60,), 1)
    assert time.monotonic() - t0 < 15


@pytest.mark.slow  # a Python process and its render pool
def test_render_processes_die_with_their_parent(tmp_path):
    script = (
        "import time\n"
        "from docgen.render.processes import pool\n"
        "p = pool(1)\n"
        "import os\n"
        "f = p.submit(os.getpid)\n"
        "print(f.result(), flush=True)\n"
        "p.submit(time.sleep, 120)\n"
        "time.sleep(120)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)),
                              start_new_session=True)
    try:
        child = int(parent.stdout.readline())
        assert alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        end = time.monotonic() + 10
        while alive(child) and time.monotonic() < end:
            time.sleep(0.1)
        assert not alive(child), "render process outlived its parent"
    finally:
        parent.stdout.close()
        try:
            os.killpg(parent.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_batch_records_who_started_it_and_other_agencies_cannot_see_it(app, client,
                                                                         client_as):
    state = client.post("/api/v1/batches", json=registered_input(2)).json
    assert (state["created_by"], state["agency"]) == (client.login, "vkstc")
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)
    other = client_as(["clerk", "records"], "VKSHY")
    assert other.get(f"/api/v1/batches/{state['id']}").status_code == 404
    assert other.get(f"/api/v1/batches/{state['id']}/result").status_code == 404
