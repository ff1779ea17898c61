"""Copies from a paper's page (signed in through the form): the records office of the
owning agency sees "Bản sao" on an issued paper with sao y, sao lục, trích sao and the
paper's parts, makes a copy, issues it from the copy's page, and the public verification
page names the paper it copies. Nobody else is offered the form, and the server refuses it
whatever the page shows."""

from __future__ import annotations

import re

import pytest

from docgen.http.context import services
from tests.accounts.conftest import page_token
from tests.helpers import pdf_text
from tests.web.test_web_office import SYS, draft_of, office, step  # noqa: F401 (fixture)


def issued(app, office):  # type: ignore[no-untyped-def]  # noqa: F811
    paper = draft_of(app, office)
    step(office["lan"], paper, "submit")
    step(office["hung"], paper, "approve")
    assert step(office["mai"], paper, "issue", date="2026-01-05").status_code == 302
    return paper


def make_copy(client, paper_id: int, **form):  # type: ignore[no-untyped-def]
    token = page_token(client, f"/registry/{paper_id}")
    return client.post(f"/registry/{paper_id}/copies", data={"csrf_token": token, **form})


SIGNER = {"authority": "TL.", "on_behalf": "Viện trưởng", "signer_title": "Chánh Văn phòng",
          "signer_name": "Trần Thị Bình"}


@pytest.mark.slow
def test_records_office_makes_and_issues_a_trich_sao_from_the_page(app, office):  # noqa: F811
    paper = issued(app, office)
    page = office["mai"].get(f"/registry/{paper}").get_data(as_text=True)
    assert 'id="copy-form"' in page
    assert {"sao-y", "sao-luc", "trich-sao"} <= set(re.findall(r'id="copy-([a-z-]+)"', page))
    assert "Điều 1. Công nhận danh hiệu" in page  # the parts a trích sao may take
    made = make_copy(office["mai"], paper, copy="trich-sao", parts=["Điều 1", "Điều 3"],
                     recipients="Phòng Kế toán\nÔng Nguyễn Văn An", **SIGNER)
    assert made.status_code == 302, made.get_data(as_text=True)
    copy_id = int(made.headers["Location"].rsplit("/", 1)[1])
    copy_page = office["mai"].get(f"/registry/{copy_id}").get_data(as_text=True)
    assert "Bản trích sao" in copy_page and "trích: Điều 1, Điều 3" in copy_page
    assert "Tạo bản sao" in copy_page  # its history says how it was born
    assert 'id="step-issue"' in copy_page and 'id="issue-number"' not in copy_page
    assert step(office["mai"], copy_id, "issue", date="2026-01-06").status_code == 302
    copy = services(app).registry.get(copy_id, SYS)
    assert (copy.number, copy.symbol) == (1, "TrS-VKSHY")
    text = pdf_text(office["lan"].get(f"/api/v1/papers/{copy_id}/file.pdf").data)
    assert "TRÍCH SAO" in text and "- Phòng Kế toán;" in text and "Điều 2." not in text
    # The original's page lists its copies; the public page names what a copy copies.
    assert f"/registry/{copy_id}" in office["lan"].get(f"/registry/{paper}").get_data(
        as_text=True)
    public = app.test_client().get(f"/verify/{copy.verify_code}").get_data(as_text=True)
    assert "Bản trích sao" in public and "Sao từ văn bản" in public
    original = services(app).registry.get(paper, SYS)
    assert f"/verify/{original.verify_code}" in public


@pytest.mark.slow
def test_only_the_records_office_of_the_agency_is_offered_and_allowed(app, office):  # noqa: F811
    paper = issued(app, office)
    for who in ("lan", "hung", "quan"):
        assert 'id="copy-form"' not in office[who].get(f"/registry/{paper}").get_data(
            as_text=True)
    assert make_copy(office["lan"], paper, copy="sao-y", **SIGNER).status_code == 403
    assert make_copy(office["hung"], paper, copy="sao-y", **SIGNER).status_code == 403
    # Another agency's records office: as if the paper did not exist.
    assert office["binh"].post(f"/registry/{paper}/copies", data={
        "csrf_token": page_token(office["binh"], "/")}).status_code == 404


@pytest.mark.slow
def test_a_refused_copy_says_why_and_keeps_what_was_typed(app, office):  # noqa: F811
    paper = issued(app, office)
    refused = make_copy(office["mai"], paper, copy="sao-y", signer_title="Chánh Văn phòng")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Chưa làm được bản sao: Người ký bản sao › Họ và tên người ký" in html
    assert 'value="Chánh Văn phòng"' in html
    draft = draft_of(app, office)
    not_issued = make_copy(office["mai"], draft, copy="sao-y", **SIGNER)
    assert not_issued.status_code == 409
    assert "chỉ sao được văn bản đã ban hành" in not_issued.get_data(as_text=True)


@pytest.mark.slow
def test_a_sao_y_is_copied_only_into_a_sao_luc(app, office):  # noqa: F811
    paper = issued(app, office)
    made = make_copy(office["mai"], paper, copy="sao-y", **SIGNER)
    sy = int(made.headers["Location"].rsplit("/", 1)[1])
    assert step(office["mai"], sy, "issue", date="2026-01-06").status_code == 302
    page = office["mai"].get(f"/registry/{sy}").get_data(as_text=True)
    assert set(re.findall(r'id="copy-(sao-[a-z]+|trich-sao)"', page)) == {"sao-luc"}
    assert "Bản sao y số 01/SY-VKSHY" in page and 'id="copy-of"' in page
    sl = make_copy(office["mai"], sy, copy="sao-luc", **SIGNER)
    sl_id = int(sl.headers["Location"].rsplit("/", 1)[1])
    assert step(office["mai"], sl_id, "issue", date="2026-01-07").status_code == 302
    # A sao lục is not copied again: no form on its page.
    assert 'id="copy-form"' not in office["mai"].get(f"/registry/{sl_id}").get_data(
        as_text=True)
