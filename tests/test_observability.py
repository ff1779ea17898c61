"""What an operator sees: request and error log lines, JSON 500s, health, readiness, metrics."""

from __future__ import annotations

import io
import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.telemetry import configure_logging, log_job


@pytest.fixture
def boom_app(app):  # type: ignore[no-untyped-def]
    """The app with a route that fails like a bug would (registered by the test only)."""

    from docgen.http.auth import public

    @public
    def explode() -> str:
        raise RuntimeError("hỏng giữa chừng")

    app.add_url_rule("/api/v1/test-boom", "test_boom", explode)
    app.add_url_rule("/test-boom", "test_boom_page", explode)
    return app


def test_healthz_answers_without_sign_in(anon):
    r = anon.get("/healthz")
    assert r.status_code == 200
    assert r.get_json()["status"] == "ok"


def test_readyz_reports_each_check_without_sign_in(anon):
    r = anon.get("/readyz")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["database"]["detail"] == "sqlite"
    assert body["checks"]["storage"]["ok"]
    assert "broker" not in body["checks"]  # none configured


def test_readyz_is_503_when_the_database_is_down(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, secret_key="x",
                              database_url="postgresql+psycopg://docgen:hemmelig@127.0.0.1:1/x"))
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    body = r.get_json()
    assert body["status"] == "not ready"
    assert not body["checks"]["database"]["ok"]
    assert "hemmelig" not in json.dumps(body)  # the password of the URL is never shown
    assert body["checks"]["storage"]["ok"]


def test_readyz_is_503_when_storage_is_not_writable(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = create_app(Settings(data_dir=blocker / "data", secret_key="x",
                              database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    assert not r.get_json()["checks"]["storage"]["ok"]


@dataclass(frozen=True)
class _WithBroker(Settings):
    """Settings with the broker field the Celery work adds (read with getattr)."""

    broker_url: str = ""


@pytest.mark.redis
@pytest.mark.parametrize(("url", "ready"), [("redis://127.0.0.1:6379/12", True),
                                            ("redis://127.0.0.1:1/12", False)])
def test_readyz_checks_the_broker_when_configured(tmp_path, url, ready):
    app = create_app(_WithBroker(data_dir=tmp_path, secret_key="x", broker_url=url))
    r = app.test_client().get("/readyz")
    assert r.get_json()["checks"]["broker"]["ok"] is ready
    assert r.status_code == (200 if ready else 503)


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_requests_by_route_and_renders_by_kind(client, sample):
    route = {"method": "POST", "endpoint": "/api/v1/<kind>/render"}
    before = _value("docgen_http_request_duration_seconds_count", **route)
    renders = _value("docgen_render_duration_seconds_count", kind="award-decision", format="docx")
    r = client.post("/api/v1/award-decision/render?format=docx", json=sample("award-decision"))
    assert r.status_code == 200
    assert _value("docgen_http_request_duration_seconds_count", **route) == before + 1
    assert _value("docgen_render_duration_seconds_count", kind="award-decision",
                  format="docx") == renders + 1
    text = client.get("/metrics").get_data(as_text=True)
    assert 'docgen_http_request_duration_seconds_bucket{endpoint="/api/v1/<kind>/render"' in text
    assert 'docgen_render_duration_seconds_count{format="docx",kind="award-decision"}' in text


def test_each_request_is_logged_with_its_user_but_without_body_or_token(client, caplog,
                                                                        sample):
    data = sample("award-decision")
    data["password"] = "mat-khau-khong-duoc-ghi"
    caplog.set_level(logging.INFO, logger="docgen")
    client.post("/api/v1/award-decision/render?format=docx&token=bi-mat", json=data)
    [line] = [r for r in caplog.records if r.name == "docgen.http"]
    assert (line.method, line.path, line.status, line.user) == (
        "POST", "/api/v1/award-decision/render", 422, client.login)
    assert line.endpoint == "/api/v1/<kind>/render" and line.ms > 0
    bearer = client.environ_base["HTTP_AUTHORIZATION"].split()[1]
    logged = caplog.text + json.dumps([r.__dict__ for r in caplog.records], default=str)
    for secret in ("mat-khau-khong-duoc-ghi", "bi-mat", bearer):
        assert secret not in logged


def test_metrics_that_failed_half_made_are_made_again(monkeypatch):
    """One metric failing to be made (its multi-process file, say) leaves none of the
    others registered: the next request makes them all, not DuplicateTimeseries for ever."""
    from prometheus_client import Counter

    from docgen import telemetry

    def half() -> None:
        Counter("docgen_test_half_total", "made before the failure")
        raise OSError("no room for the metric file")

    with pytest.raises(OSError):
        telemetry._made_whole(half)  # type: ignore[arg-type]
    made = Counter("docgen_test_half_total", "made again")  # would raise if still there
    REGISTRY.unregister(made)


def test_metrics_need_a_token_unless_opened(anon, tmp_path):
    refused = anon.get("/metrics", headers={"Accept": "text/plain"})  # as Prometheus asks
    # A 401 the scraper reports as such, not a redirect to the sign-in page.
    assert refused.status_code == 401 and "docgen_" not in refused.get_data(as_text=True)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    opened = create_app(Settings(data_dir=tmp_path, secret_key="x", open_metrics=True))
    assert opened.test_client().get("/metrics").status_code == 200


def test_an_unexpected_error_is_logged_with_traceback_and_answered_in_json(boom_app, caplog):
    caplog.set_level(logging.INFO, logger="docgen")
    r = boom_app.test_client().get("/api/v1/test-boom")
    assert r.status_code == 500
    body = r.get_json()
    assert body["error"] == "InternalServerError"
    assert "Lỗi máy chủ" in body["message"] and "hỏng" not in body["message"]
    assert body["request_id"] == r.headers["X-Request-Id"]
    [error] = [rec for rec in caplog.records if rec.name == "docgen.errors"]
    assert error.exc_info and error.exc_info[0] is RuntimeError
    assert error.request_id == body["request_id"]
    assert "Traceback" in caplog.text and "hỏng giữa chừng" in caplog.text
    [line] = [rec for rec in caplog.records if rec.name == "docgen.http"]
    assert line.status == 500


def test_a_browser_gets_a_vietnamese_error_page(boom_app):
    r = boom_app.test_client().get("/test-boom", headers={"Accept": "text/html"})
    assert r.status_code == 500 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "Lỗi máy chủ" in page and r.headers["X-Request-Id"] in page
    assert "Internal Server Error" not in page and "hỏng" not in page


def test_a_render_waiting_too_long_for_a_slot_is_refused_with_503(tmp_path, sample):
    from docgen.http.render_slots import render_slot

    settings = Settings(data_dir=tmp_path, secret_key="x", render_slots=1, render_wait_s=0.05,
                        open_render_api=True)
    client = create_app(settings).test_client()
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with render_slot(settings):
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(5)
        r = client.post("/api/v1/award-decision/render?format=docx", json=sample("award-decision"))
        assert r.status_code == 503 and r.headers["Retry-After"]
        assert "bận" in r.get_json()["message"]
        assert client.get("/healthz").status_code == 200  # pages are still answered
    finally:
        release.set()
        holder.join()
    ok = client.post("/api/v1/award-decision/render?format=docx", json=sample("award-decision"))
    assert ok.status_code == 200


def test_json_log_lines_carry_their_fields(tmp_path):
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("docgen").level)
    try:
        configure_logging(Settings(data_dir=tmp_path, log_format="json"), stream)
        log_job("b-42", kind="certificates", rows=120, ms=1534.2, outcome="done",
                agency="vks-hung-yen")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.getLogger("docgen").setLevel(saved[2])
    record = json.loads(stream.getvalue().splitlines()[-1])
    assert record["logger"] == "docgen.jobs" and record["level"] == "INFO"
    # When, unambiguously: ISO 8601 with its offset (UTC), not a local time without zone.
    assert datetime.fromisoformat(record["time"]).utcoffset() == timedelta(0)
    assert (record["job_id"], record["rows"], record["outcome"], record["agency"]) == (
        "b-42", 120, "done", "vks-hung-yen")
    assert _value("docgen_jobs_total", kind="certificates", outcome="done") >= 1
