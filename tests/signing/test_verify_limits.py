"""Anonymous verification is bounded and rate-limited: a PDF with 40 signatures is refused
with a clear Vietnamese message while the pages keep answering; a verification past its
time limit is stopped (its process killed) with the pages still answering; too large a
file is refused; too many look-ups or uploads from one address get a 429."""

from __future__ import annotations

import io
import re
import threading
import time
from dataclasses import replace

import pytest
import requests

from docgen.config import Settings
from docgen.http.app import create_app
from tests.helpers import serving
from tests.signing.helpers import many_signatures_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def forty(pki) -> bytes:  # type: ignore[no-untyped-def]
    return many_signatures_pdf(pki.leader, 40)


BASE = Settings(secret_key="k", verify_wait_s=0.5)


@pytest.fixture
def serve(tmp_path, pki):  # type: ignore[no-untyped-def]
    """``serve(**settings)``: a live server with those settings; its base URL."""
    stack: list = []

    def start(**changes) -> str:  # type: ignore[no-untyped-def]
        settings = replace(BASE, data_dir=tmp_path / f"d{len(stack)}",
                           trust_roots=pki.trust_file(tmp_path), **changes)
        cm = serving(create_app(settings))
        stack.append(cm)
        url = cm.__enter__()
        # Warm: the first page opens (and migrates) the database.
        assert requests.get(f"{url}/login", timeout=60).status_code == 200
        return url

    yield start
    for cm in reversed(stack):
        cm.__exit__(None, None, None)


def upload_while_browsing(url: str, pdf: bytes) -> tuple[requests.Response, list[float]]:
    """Upload ``pdf`` to verify anonymously, and meanwhile load pages one after another;
    the upload's answer and how long each page took (seconds)."""
    answer: list[requests.Response] = []
    upload = threading.Thread(target=lambda: answer.append(requests.post(
        f"{url}/api/v1/verify", files={"file": ("x.pdf", pdf)}, timeout=120)))
    upload.start()
    waits = []
    while upload.is_alive():
        for path in ("/healthz", "/login", "/api/v1/kinds"):
            start = time.monotonic()
            assert requests.get(url + path, timeout=30).status_code == 200
            waits.append(time.monotonic() - start)
        time.sleep(0.05)
    upload.join()
    return answer[0], waits


def test_forty_signatures_are_refused_at_once_and_pages_keep_answering(serve, forty):
    url = serve()
    start = time.monotonic()
    resp, waits = upload_while_browsing(url, forty)
    assert resp.status_code == 422
    (error,) = resp.json()["errors"]
    assert error["loc"] == ["file"]
    assert "tệp có 40 chữ ký số, nhiều hơn 20 chữ ký" in error["msg"]
    assert time.monotonic() - start < 10
    assert max(waits, default=0) < 1.0


def test_a_verification_past_its_time_limit_is_stopped_and_pages_keep_answering(serve, forty):
    url = serve(verify_max_signatures=100, verify_time_limit_s=1.5)
    start = time.monotonic()
    resp, waits = upload_while_browsing(url, forty)
    took = time.monotonic() - start
    assert resp.status_code == 422
    assert "cần hơn 1.5 giây" in resp.json()["errors"][0]["msg"]
    assert took < 8  # the limit, plus starting the process
    assert len(waits) >= 3 and max(waits) < 1.0


def test_a_second_upload_waits_for_the_slot_then_gets_503(serve, forty):
    url = serve(verify_max_signatures=100, verify_time_limit_s=4, verify_wait_s=0.3)
    first = threading.Thread(target=lambda: requests.post(
        f"{url}/api/v1/verify", files={"file": ("x.pdf", forty)}, timeout=60))
    first.start()
    time.sleep(1.0)
    second = requests.post(f"{url}/api/v1/verify", files={"file": ("x.pdf", forty)},
                           timeout=60)
    first.join()
    assert second.status_code == 503 and second.headers["Retry-After"]
    assert "đang kiểm tra tệp khác" in second.json()["message"]


def test_too_large_a_file_is_refused(serve, forty):
    url = serve(verify_max_bytes=100_000)
    resp = requests.post(f"{url}/api/v1/verify", files={"file": ("x.pdf", forty)}, timeout=30)
    assert resp.status_code == 413 and "MB" in resp.json()["message"]


def test_lookups_and_uploads_are_rate_limited_per_address(serve):
    url = serve(verify_rate_limit="5 per minute", verify_upload_rate_limit="2 per minute")
    codes = [requests.get(f"{url}/verify/ZZ{i:08d}", timeout=30).status_code
             for i in range(6)]
    assert codes == [404] * 5 + [429]
    refused = requests.get(f"{url}/verify/ZZ00000099", timeout=30)
    assert "Quá nhiều yêu cầu tra cứu" in refused.text and refused.headers.get("Retry-After")
    # Uploads: the page's and the API's draw on one count.
    session = requests.Session()
    page = session.get(f"{url}/verify/", timeout=30)
    assert page.status_code == 429  # the start page counts as a look-up too
    answers = [requests.post(f"{url}/api/v1/verify", files={"file": ("x.pdf", b"hello")},
                             timeout=30) for _ in range(3)]
    assert [a.status_code for a in answers] == [422, 422, 429]
    assert answers[-1].json()["message"].startswith("Quá nhiều yêu cầu")
    # Signing in is counted apart: the office is not locked out by the public's limit.
    assert requests.get(f"{url}/login", timeout=30).status_code == 200


def test_the_verify_page_says_why_a_file_was_not_checked(tmp_path, pki, forty):
    from docgen.http.auth import accounts
    from tests.helpers import issue_via_api, load_json_sample

    app = create_app(replace(BASE, data_dir=tmp_path / "d"))
    accounts(app).add_user("lan", "Lan", "VKSHY", ["clerk", "leader", "records"], "mat-khau-dai")
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {accounts(app).issue_token('lan').secret}"
    code = issue_via_api(c, "award-decision", load_json_sample("award-decision"))["verify_code"]
    public = app.test_client()
    html = public.get(f"/verify/{code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    resp = public.post(f"/verify/{code}", data={"csrf_token": token,
                                                "file": (io.BytesIO(forty), "x.pdf")},
                       content_type="multipart/form-data")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Tệp KHÔNG phải bản đã ban hành" in page
    assert "Chưa kiểm tra được chữ ký số: tệp có 40 chữ ký số" in page

