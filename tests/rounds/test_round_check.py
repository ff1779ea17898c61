"""The round's check: each rule of the catalog broken by a round made for it (a vote below
the threshold, a quota exceeded, a missing prerequisite, a nominee recruited four months
before the end of the year, absent members with and without a written opinion), and the
example round, which passes whole."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from docgen.catalog import load_catalog
from docgen.errors import InputError
from docgen.model.round import RoundInput
from docgen.model.validation import validate_input
from docgen.rounds import PriorAward, check, prior_awards

EXAMPLE = Path(__file__).resolve().parents[2] / "samples" / "council-minutes.json"
CATALOG = load_catalog()


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text("utf-8"))


def validated(data: dict[str, Any]) -> RoundInput:
    return validate_input(RoundInput, data, context={"catalog": CATALOG})


def results(data: dict[str, Any], **kwargs: Any) -> list[dict[str, Any]]:
    return check(validated(data), CATALOG, **kwargs).as_json()["nominations"]


def person(name: str, recruited: str = "2015-01-01", unit: str = "Phòng 1") -> dict[str, Any]:
    return {"name": name, "gender": "nam", "position": "Kiểm tra viên", "unit": unit,
            "recruited": recruited}


def nomination(award: str, name: str, votes: int = 7, **person_fields: Any) -> dict[str, Any]:
    return {"award": award, "person": person(name, **person_fields), "votes": votes}


def test_the_example_round_passes_in_the_inputs_order():
    data = example()
    out = results(data)
    assert [(r["name"], r["award"]) for r in out] == [
        (n.get("person", n.get("collective"))["name"], n["award"]) for n in data["nominations"]]
    assert all(r["passed"] and r["reasons"] == [] for r in out)
    thuy = out[3]
    assert (thuy["name"], thuy["votes"], thuy["percent"]) == ("Hoàng Thị Thủy", 6, 85.71)


def test_the_earlier_year_the_registry_does_not_hold_is_a_note_not_a_silent_pass():
    flag = results(example())[-1]
    assert flag["award"] == "bang_khen_vien_truong_vkstc" and flag["passed"]
    assert flag["notes"] == ['chưa đối chiếu được "Tập thể lao động xuất sắc" năm 2025 (sổ khen '
                             'thưởng chưa có dữ liệu năm này): hồ sơ cần kèm quyết định']


def test_a_vote_below_the_threshold_fails_with_the_figures():
    data = example()
    data["nominations"].append(nomination("chien_si_thi_dua_nganh", "Nguyễn Thị Hồng Nhung",
                                          votes=6, recruited="2012-09-01"))
    out = results(data)[-1]
    assert not out["passed"] and (out["votes"], out["percent"]) == (6, 85.71)
    assert out["reasons"][0] == ("chưa đạt tỷ lệ phiếu: 6/7 phiếu (85,71 %), cần từ 90 % tổng "
                                 "số thành viên Hội đồng")


def test_the_default_threshold_is_more_than_half_of_all_members():
    data = example()
    data["meeting"]["absent"] = [{"name": n, "reason": "ốm", "written_opinion": False}
                                 for n in ("Lê Văn Nam", "Đặng Thu Hương", "Vũ Đức Thắng")]
    data["meeting"]["ballots"] = {"issued": 4, "returned": 4, "valid": 4}
    data["nominations"] = [nomination("giay_khen", "Trần Văn Bốn", votes=4),
                           nomination("giay_khen", "Trần Văn Ba", votes=3)]
    four, three = results(data)
    assert four["passed"] and four["percent"] == 57.14
    assert not three["passed"] and "cần quá 50 % tổng số thành viên Hội đồng" in three["reasons"][0]


def test_an_absent_members_written_opinion_counts_and_without_one_the_vote_is_short():
    data = example()
    data["nominations"] = [nomination("chien_si_thi_dua_toan_quoc", "Ngô Minh Đức", votes=7)]
    assert results(data)[0]["passed"]  # 6 ballots + 1 written opinion
    data["meeting"]["absent"][0]["written_opinion"] = False
    with pytest.raises(InputError) as refused:  # 7 approvals cannot come from 6 ballots
        validated(data)
    assert "nhiều hơn số phiếu hợp lệ và ý kiến bằng văn bản (6)" in " ".join(e.msg for e in refused.value.errors)
    data["nominations"][0]["votes"] = 6
    out = results(data)[0]
    assert not out["passed"] and out["percent"] == 85.71


def test_a_rule_that_does_not_count_written_opinions_takes_them_off(tmp_path):
    import yaml

    from docgen.catalog.loader import PACKAGED_CATALOG

    raw = yaml.safe_load(PACKAGED_CATALOG.read_text("utf-8"))
    raw["round_rules"]["votes"]["chien_si_thi_dua_toan_quoc"]["written_opinions"] = False
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    catalog = load_catalog(path)
    data = example()
    data["nominations"] = [nomination("chien_si_thi_dua_toan_quoc", "Ngô Minh Đức", votes=7)]
    rnd = validate_input(RoundInput, data, context={"catalog": catalog})
    out = check(rnd, catalog).as_json()["nominations"][0]
    assert not out["passed"] and out["votes"] == 6
    assert out["notes"] == ["không tính ý kiến bằng văn bản của thành viên vắng mặt: trừ 1 ý "
                            "kiến (số phiếu vượt số phiếu hợp lệ)"]


def test_a_quota_exceeded_names_who_is_over():
    data = example()
    # 14 recognised Lao động tiên tiến: at most 2 Chiến sĩ thi đua cơ sở (15 %, rounded down).
    data["nominations"].append(nomination("chien_si_thi_dua_co_so", "Vũ Thị Lan", votes=5,
                                          unit="Phòng 7", recruited="2014-01-02"))
    data["nominations"][4]["person"]["unit"] = "Phòng 7"
    out = results(data)
    lan = out[-1]
    assert not lan["passed"] and lan["name"] == "Vũ Thị Lan"
    assert lan["reasons"] == ['vượt tỷ lệ: "Chiến sĩ thi đua cơ sở" không quá 15 % số người đạt '
                              '"Lao động tiên tiến" trong đợt (tối đa 02 trong 14 người); vượt: '
                              "Vũ Thị Lan"]
    assert [r["passed"] for r in out if r["award"] == "chien_si_thi_dua_co_so"] == [True, True,
                                                                                    False]


def test_a_tie_across_the_quota_puts_every_tied_nominee_over():
    data = example()
    data["nominations"][15]["votes"] = 7  # Ngô Minh Đức ties Nguyễn Thị Hồng Nhung
    data["nominations"].append(nomination("chien_si_thi_dua_co_so", "Vũ Thị Lan", votes=7,
                                          unit="Phòng 7", recruited="2014-01-02"))
    data["nominations"][4]["person"]["unit"] = "Phòng 7"
    over = [r for r in results(data) if r["award"] == "chien_si_thi_dua_co_so"]
    assert not any(r["passed"] for r in over)
    assert over[0]["reasons"][0].endswith(
        "vượt: Nguyễn Thị Hồng Nhung, Ngô Minh Đức, Vũ Thị Lan (bằng số phiếu nên không xác "
        "định được người trong tỷ lệ)")


def test_a_missing_prerequisite_in_the_round_fails():
    data = example()
    data["nominations"].append(nomination("chien_si_thi_dua_co_so", "Người Chưa Đề Nghị"))
    out = results(data)[-1]
    assert out["reasons"] == ['thiếu điều kiện: chưa được đề nghị danh hiệu "Lao động tiên tiến" '
                              "năm 2026 trong đợt này"]


def test_a_prerequisite_that_failed_in_the_round_fails_what_needs_it():
    data = example()
    data["nominations"][16]["votes"] = 3  # Phòng 7: Tập thể lao động xuất sắc not reached
    out = results(data)
    assert not out[16]["passed"]
    assert out[-1]["reasons"] == ['thiếu điều kiện: không đạt "Tập thể lao động xuất sắc" năm '
                                  "2026 trong đợt này"]


def test_earlier_years_come_from_the_source_the_caller_gives():
    data = example()
    phong7 = "Phòng Kiểm sát thi hành án hình sự (Phòng 7)"
    held = prior_awards([PriorAward(phong7, "tap_the_lao_dong_xuat_sac", 2025, collective=True)])
    assert results(data, prior=held)[-1]["notes"] == []
    other = prior_awards([PriorAward("Văn phòng", "tap_the_lao_dong_xuat_sac", 2025,
                                     collective=True)])
    out = results(data, prior=other)[-1]
    assert out["reasons"] == ['thiếu điều kiện: năm 2025 không đạt "Tập thể lao động xuất sắc" '
                              "(theo sổ khen thưởng)"]


def test_a_nominee_recruited_four_months_before_the_end_of_the_year_is_not_eligible():
    data = example()
    data["nominations"][13]["person"]["recruited"] = "2026-09-01"  # Mai Thị Quỳnh
    out = results(data)[13]
    assert out["reasons"] == ["không đủ điều kiện: tuyển dụng ngày 01/09/2026, đến 31/12/2026 "
                              "mới công tác 04 tháng (cần đủ 06 tháng)"]
    data["nominations"][13]["person"]["recruited"] = "2026-07-01"  # six whole months
    assert results(data)[13]["passed"]


def test_the_rules_applied_are_listed_with_their_source_and_verified_flag():
    rules = check(validated(example()), CATALOG).as_json()["rules"]
    eligibility = next(r for r in rules if r["kind"] == "eligibility")
    assert eligibility["verified"] is True and "02/2024/TT-VKSTC" in eligibility["source"]
    quota = next(r for r in rules if r["kind"] == "quota")
    assert quota["verified"] is False and "91/2017" in quota["source"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["meeting"].update(chair="Người Ngoài"), "không có trong danh sách thành viên"),
    (lambda d: d["meeting"]["absent"].append(copy.deepcopy(d["meeting"]["absent"][0])),
     "ghi vắng mặt hai lần"),
    (lambda d: d["meeting"].update(ballots={"issued": 7, "returned": 7, "valid": 7}),
     "nhiều hơn số thành viên có mặt"),
    (lambda d: d["nominations"][0].update(collective={"name": "Phòng 1"}),
     "một cá nhân (person) hoặc một tập thể"),
    (lambda d: d["nominations"][0].update(award="tap_the_lao_dong_tien_tien"),
     "chỉ dành cho tập thể"),
    (lambda d: d["meeting"].update(end="2026-12-18T13:00"), "kết thúc trước khi bắt đầu"),
])
def test_a_round_no_check_could_read_is_refused_in_vietnamese(change, message):
    data = example()
    change(data)
    with pytest.raises(InputError) as refused:
        validated(data)
    assert message in " ".join(e.msg for e in refused.value.errors)
