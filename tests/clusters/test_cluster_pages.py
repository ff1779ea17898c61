"""The cluster's year page as each person meets it (server-rendered; the browser test
drives the same page in Chromium)."""

from __future__ import annotations

import pytest

from tests.clusters.conftest import UNITS
from tests.helpers import issue_via_api, load_json_sample


@pytest.mark.slow
def test_the_year_page_shows_each_person_their_part(client_as, fresh_year, example):
    organiser = client_as(["clerk"], "vks-gia-lai", login="org")
    made = organiser.post("/api/v1/clusters", json={"members": UNITS, "document": fresh_year})
    yid = made.json["id"]
    p8 = client_as(["clerk"], "gl-p8", login="p8")
    page = p8.get(f"/clusters/{yid}").get_data(as_text=True)
    assert "Bảng chấm điểm: Phòng Kiểm sát việc tạm giữ" in page
    assert 'id="save-scores"' in page and 'id="v-2"' in page  # its own row: editable
    other_row = p8.get(f"/clusters/{yid}?member=TT").get_data(as_text=True)
    assert 'id="save-scores"' not in other_row and 'id="v-2"' not in other_row
    assert "Thẩm định tiêu chí" not in page  # a member does not review
    head = client_as(["leader"], "gl-tt", login="tt")
    p8.post(f"/api/v1/clusters/{yid}/scores", json={
        "version": 1, "member": "P8", "results": example["results"]["P8"]})
    reviewing = head.get(f"/clusters/{yid}?member=P8").get_data(as_text=True)
    assert "Thẩm định tiêu chí 2" in reviewing and 'id="save-scores"' not in reviewing
    assert "Tạo biên bản" not in organiser.get(f"/clusters/{yid}").get_data(as_text=True)
    listing = p8.get("/clusters/").get_data(as_text=True)
    assert f'/clusters/{yid}"' in listing and "Đang chấm điểm" in listing
    stranger = client_as(["clerk"], "vks-hung-yen", login="hy")
    assert stranger.get(f"/clusters/{yid}").status_code == 404
    assert "Cơ quan chưa tham gia" in stranger.get("/clusters/").get_data(as_text=True)


@pytest.mark.slow
def test_the_organiser_sets_a_year_up_from_its_pledge(client_as, example):
    office = client_as(["clerk", "leader", "records"], "vks-gia-lai", login="vp")
    pledge = issue_via_api(office, "pledge", load_json_sample("pledge"))
    page = office.get("/clusters/new").get_data(as_text=True)
    assert f'value="{pledge["id"]}"' in page and "Giao ước thi đua" in page
    chosen = office.get(f"/clusters/new?pledge={pledge['id']}").get_data(as_text=True)
    assert "Khối thi đua số 2 · năm 2026" in chosen
    assert 'data-member="TT"' in chosen and "(TT, Khối trưởng)" in chosen
    assert 'id="criteria"' in chosen  # no earlier table to take up
    made = office.post("/api/v1/clusters", json={
        "pledge": pledge["id"], "criteria": example["criteria"],
        "members": {"TT": "gl-tt", "PTCCB": "gl-p15", "VP": "gl-vp", "P8": "gl-p8",
                    "P11": "gl-p11"}})
    assert made.status_code == 201 and made.json["pledge_paper"] == pledge["id"]
    assert client_as(["leader"], "vks-gia-lai", login="ld").get("/clusters/new").status_code \
        == 403
