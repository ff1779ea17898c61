"""One award decision for individuals and collectives over the API: 08 people recognised
as "Lao động tiên tiến" and 02 collectives as "Tập thể lao động tiên tiến" in one paper,
rendered with both lists and both rewards; once issued, "In bằng cho quyết định này" prints
the certificates of both from the same decision (one batch per award, each registered in
the sổ vàng under its own award), and a decision pasted whole into a batch says how."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import docx_text, issue_via_api, load_json_sample, pdf_text

UNITS = [{"name": "Phòng Thực hành quyền công tố", "unit": "Viện kiểm sát nhân dân tỉnh "
          "Hưng Yên"}, {"name": "Văn phòng"}]


def decision(**changes: Any) -> dict[str, Any]:
    data = load_json_sample("award-decision")
    data["individuals"] += [
        {"name": "Hoàng Văn Nam", "gender": "nam", "position": "Kiểm tra viên",
         "unit": "Phòng 9"},
        {"name": "Lò Thị Mai", "gender": "nữ", "position": "Chuyên viên", "unit": "Phòng 15"}]
    data.update(award="lao_dong_tien_tien", collective_award="tap_the_lao_dong_tien_tien",
                collectives=UNITS, **changes)
    return data


def wait(app, state):  # type: ignore[no-untyped-def]
    app.extensions["docgen"].batches.executor.wait(state["id"], timeout=120)


def test_rendered_with_both_lists_and_both_rewards(client):
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        resp = client.post(f"/api/v1/award-decision/render?format={fmt}",
                           data=json.dumps(decision(), ensure_ascii=False),
                           content_type="application/json")
        assert resp.status_code == 200, resp.get_data(as_text=True)
        text = " ".join(read(resp.data).split())
        assert ('"Tập thể lao động tiên tiến" năm 2025 cho 02 tập thể và danh hiệu "Lao '
                'động tiên tiến" năm 2025 cho 08 cá nhân') in text, fmt
        assert "Mỗi tập thể được thưởng 1.880.000 đồng" in text
        assert "mỗi cá nhân được thưởng 710.000 đồng" in text
        assert "I. TẬP THỂ (02)" in text and "II. CÁ NHÂN (08)" in text
        assert "Lò Thị Mai" in text and "Văn phòng" in text


def test_a_personal_title_alone_refuses_collectives_with_the_way_out(client):
    data = decision()
    del data["collective_award"]
    resp = client.post("/api/v1/award-decision/render?format=pdf", json=data)
    assert resp.status_code == 422
    assert any("chọn danh hiệu, hình thức cho tập thể" in e["msg"]
               for e in resp.json["errors"])


@pytest.mark.slow
def test_one_decision_prints_the_certificates_of_both(app, client):
    issued = issue_via_api(client, "award-decision", decision(), date="2026-01-05")
    resp = client.post(f"/api/v1/papers/{issued['id']}/certificates")
    assert resp.status_code == 202, resp.json
    ledger = app.extensions["docgen"].batches
    batches = ledger.decision_batches(issued["id"], _system())
    assert [b["part"] for b in batches] == ["collectives", "individuals"]
    for b in batches:
        wait(app, b)
    done = [client.get(f"/api/v1/batches/{b['id']}").json for b in batches]
    assert [(d["state"], d["produced"]) for d in done] == [("done", 2), ("done", 8)]
    certs = client.get(f"/api/v1/certificates?decision={issued['id']}&per_page=50").json
    assert certs["total"] == 10
    awards = {c["recipient"]: c["award"] for c in certs["items"]}
    assert awards["Văn phòng"] == "tap_the_lao_dong_tien_tien"
    assert awards["Bà Lò Thị Mai"] == "lao_dong_tien_tien"
    assert sorted(c["register_number"] for c in certs["items"]) == list(range(1, 11))
    # Each batch's file carries its own award's heading.
    collectives = pdf_text(client.get(f"/api/v1/batches/{batches[0]['id']}/result").data)
    people = pdf_text(client.get(f"/api/v1/batches/{batches[1]['id']}/result").data)
    assert "TẬP THỂ LAO ĐỘNG TIÊN TIẾN" in collectives and "Văn phòng" in collectives
    assert "LAO ĐỘNG TIÊN TIẾN" in people and "Lò Thị Mai" in people
    assert "Phòng Thực hành quyền công tố" not in people and "Lò Thị Mai" not in collectives
    # Pressed again: the same batches, no new numbers.
    again = client.post(f"/api/v1/papers/{issued['id']}/certificates")
    assert again.status_code == 200 and again.json["id"] == batches[0]["id"]
    assert client.get(f"/api/v1/certificates?decision={issued['id']}").json["total"] == 10
    # The decision's page shows both batches, each with its download.
    page = client.get(f"/registry/{issued['id']}/certificates").get_data(as_text=True)
    assert "Lô in bằng cho các tập thể" in page and "Lô in bằng cho các cá nhân" in page
    assert 'id="batch-download"' in page and 'id="batch-download-2"' in page


@pytest.mark.parametrize(("part", "rows"), [(None, None), ("collectives", 2),
                                            ("individuals", 8)])
def test_a_pasted_decision_names_the_part_it_prints(client, part, rows):
    body = decision(number=3, date="2026-01-05", registered=False, register_start=1)
    if part:
        body["recipients_of"] = part
    resp = client.post("/api/v1/batches/check", json=body)
    if part is None:
        assert resp.status_code == 422
        assert resp.json["errors"][0]["loc"] == ["recipients_of"]
        assert "mỗi hình thức in một lô" in resp.json["errors"][0]["msg"]
    else:
        assert resp.status_code == 200, resp.json
        assert resp.json["good"] == rows


def _system():  # type: ignore[no-untyped-def]
    from docgen.services.accounts.identity import system_actor

    return system_actor()
