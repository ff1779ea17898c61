"""Wording of award decisions, checked on the composed Document."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from docgen.compose.document import Document
from docgen.errors import InputError
from docgen.service import compose_paper
from docgen.vn.numbering import BLANK_NUMBER


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.body]


def article(doc: Document, n: int) -> str:
    return next(t for t in texts(doc) if t.startswith(f"Điều {n}."))


def test_sample_summary_recognises_the_title(sample):
    doc = compose_paper("award-decision", sample("award-decision"))
    assert doc.summary == ('Về việc công nhận danh hiệu "Chiến sĩ thi đua cơ sở" năm 2025',)


def test_number_and_date_lines_follow_decree_30(sample):
    doc = compose_paper("award-decision", sample("award-decision"))
    assert doc.header.number_line == "Số: 15/QĐ-VKSHY"
    assert doc.header.place_date_line == "Hưng Yên, ngày 05 tháng 01 năm 2026"
    assert doc.header.agency_lines == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH HƯNG YÊN")


def test_authority_line_is_the_deciders_title_and_agency(sample):
    doc = compose_paper("award-decision", sample("award-decision"))
    assert doc.body[0].role == "authority"
    assert doc.body[0].text == "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH HƯNG YÊN"


def test_deputy_signs_for_the_head(sample):
    data = sample("award-decision")
    data["signer"] = {"authority": "KT.", "on_behalf": "Viện trưởng",
                      "title": "Phó Viện trưởng", "name": "Nguyễn Văn An"}
    doc = compose_paper("award-decision", data)
    assert doc.signature.title_lines == ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")
    assert doc.body[0].text == "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH HƯNG YÊN"


def test_article_1_counts_with_leading_zero_and_attaches_the_list(sample):
    doc = compose_paper("award-decision", sample("award-decision"))
    assert article(doc, 1) == (
        'Điều 1. Công nhận danh hiệu "Chiến sĩ thi đua cơ sở" năm 2025 cho 06 cá nhân '
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ "
        "công tác năm 2025.")


def test_bases_by_date_cite_decree_152_from_july_2025(sample):
    doc = compose_paper("award-decision", sample("award-decision"))
    bases = [p.text for p in doc.body if p.role == "basis"]
    assert any("152/2025/NĐ-CP" in b for b in bases)
    assert not any("98/2023/NĐ-CP" in b for b in bases)
    assert all(b.endswith(";") for b in bases[:-1])
    assert bases[-1] == ("Xét đề nghị của Hội đồng Thi đua - Khen thưởng Viện kiểm sát nhân "
                         "dân tỉnh Hưng Yên.")


def test_bases_before_july_2025_cite_decree_98(sample):
    data = sample("award-decision")
    data["date"] = "2025-03-10"
    bases = [p.text for p in compose_paper("award-decision", data).body if p.role == "basis"]
    assert any("98/2023/NĐ-CP" in b for b in bases)
    assert not any("152/2025/NĐ-CP" in b for b in bases)


def test_bases_can_be_overridden(sample):
    data = sample("award-decision")
    data["bases"] = ["Quyết định số 01/QĐ-VKSHY ngày 02 tháng 01 năm 2026"]
    bases = [p.text for p in compose_paper("award-decision", data).body if p.role == "basis"]
    assert bases[0] == "Căn cứ Quyết định số 01/QĐ-VKSHY ngày 02 tháng 01 năm 2026;"
    assert len(bases) == 2


def test_article_2_gives_money_in_figures_and_words(sample, catalog):
    data = sample("award-decision")
    data["date"] = "2025-12-20"  # base salary 2,340,000
    doc = compose_paper("award-decision", data)
    assert article(doc, 2) == (
        "Điều 2. Mỗi cá nhân được thưởng 2.340.000 đồng (Hai triệu ba trăm bốn mươi nghìn "
        "đồng). Tiền thưởng được trích từ quỹ thi đua, khen thưởng của Viện kiểm sát nhân "
        "dân tỉnh Hưng Yên.")
    assert doc.meta["base_salary"] == "2340000"


def test_collective_giay_khen_gets_twice_rounded_up(sample):
    data = sample("award-decision")
    data["date"] = "2025-12-20"
    data["award"] = "giay_khen"
    data["collectives"] = [{"name": "Phòng 7"}, {"name": "Văn phòng"}]
    doc = compose_paper("award-decision", data)
    assert "Mỗi tập thể được thưởng 1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng); " \
           "mỗi cá nhân được thưởng 710.000 đồng (Bảy trăm mười nghìn đồng)." in article(doc, 2)
    assert doc.summary == ("Về việc tặng Giấy khen",)
    assert "cho 02 tập thể và 06 cá nhân (có danh sách kèm theo)" in article(doc, 1)


def test_article_3_ends_the_content(sample):
    doc = compose_paper("award-decision", sample("award-decision"))
    assert article(doc, 3).endswith("chịu trách nhiệm thi hành Quyết định này./.")


def test_one_recipient_is_named_in_article_1_without_appendix(sample):
    data = sample("award-decision")
    data["individuals"] = data["individuals"][1:2]
    doc = compose_paper("award-decision", data)
    assert "cho ông Trần Đức Anh, Phó Trưởng phòng, Phòng 2, đã có" in article(doc, 1)
    assert doc.appendix is None
    assert "Cá nhân có tên tại Điều 1 được thưởng" in article(doc, 2)


def test_appendix_lists_sections_with_reference_line(sample):
    data = sample("award-decision")
    data["award"] = "giay_khen"
    data["collectives"] = [{"name": "Phòng 7"}]
    doc = compose_paper("award-decision", data)
    app = doc.appendix
    assert app.heading_lines[0] == "DANH SÁCH"
    assert app.reference_line == ("(Kèm theo Quyết định số 15/QĐ-VKSHY ngày 05 tháng 01 năm "
                                  "2026 của Viện trưởng Viện kiểm sát nhân dân tỉnh Hưng Yên)")
    assert [s.title for s in app.sections] == ["I. TẬP THỂ (01)", "II. CÁ NHÂN (06)"]
    assert app.sections[1].rows[0] == ("1", "Nguyễn Thị Hồng Nhung",
                                       "Kiểm sát viên trung cấp, Phòng 1")


def test_an_unnumbered_appendix_cites_its_decision_with_one_blank(sample):
    """The blank the number goes into replaces the space after "số", as in "Số:      /";
    a space before it showed as "Quyết định số   01/QĐ-VKSHY" once the number was filled."""
    data = sample("award-decision")
    data.pop("number", None)
    data.pop("date", None)
    reference = compose_paper("award-decision", data).appendix.reference_line
    assert reference.startswith(f"(Kèm theo Quyết định số{BLANK_NUMBER}/QĐ-VKSHY ngày")
    assert reference.count(" " * 6) == 3  # the number's, the day's and the month's blanks


def test_sort_names_orders_the_list_the_vietnamese_way(sample):
    data = sample("award-decision")
    data["sort_names"] = True
    names = [r[1] for r in compose_paper("award-decision", data).appendix.sections[0].rows]
    assert names == ["Trần Đức Anh", "Đỗ Mạnh Cường", "Lê Quang Huy", "Vũ Thị Lan",
                     "Nguyễn Thị Hồng Nhung", "Phạm Thị Thu Trang"]


def test_draft_has_blank_number_and_day_and_the_draft_mark(sample):
    data = sample("award-decision")
    del data["number"], data["date"]
    data["draft"] = True
    doc = compose_paper("award-decision", data)
    assert doc.header.number_line == "Số:      /QĐ-VKSHY"
    assert doc.draft_mark == "DỰ THẢO"
    assert doc.header.place_date_line.startswith("Hưng Yên, ngày ")
    assert "05" not in doc.header.place_date_line


def test_unknown_award_code_is_a_field_error(sample):
    data = sample("award-decision")
    data["award"] = "huan_chuong_vang"
    with pytest.raises(InputError) as exc:
        compose_paper("award-decision", data)
    assert exc.value.errors[0].loc == ("award",)
    assert "huan_chuong_vang" in exc.value.errors[0].msg


def test_collectives_refused_for_a_personal_title(sample):
    data = sample("award-decision")
    data["collectives"] = [{"name": "Phòng 7"}]
    with pytest.raises(InputError) as exc:
        compose_paper("award-decision", data)
    assert "chỉ dành cho cá nhân" in exc.value.errors[0].msg


def test_decision_before_the_law_has_no_coefficient(sample):
    data = sample("award-decision")
    data["date"] = "2023-05-01"
    with pytest.raises(InputError) as exc:
        compose_paper("award-decision", data)
    assert exc.value.errors[0].loc == ("date",)


def test_two_thousand_recipients_compose(sample):
    data = sample("award-decision")
    person = data["individuals"][0]
    data["individuals"] = [dict(person, name=f"Nguyễn Văn {i}") for i in range(2000)]
    doc = compose_paper("award-decision", data)
    assert len(doc.appendix.sections[0].rows) == 2000
    assert "cho 2000 cá nhân" in article(doc, 1)


def test_undated_draft_uses_today_for_the_figures(sample, clock):
    data = sample("award-decision")
    del data["date"]
    doc = compose_paper("award-decision", data)
    assert doc.meta["base_salary_from"] <= clock.today().isoformat()
    # 00:30 on 1 July in Hà Nội (still 30 June in UTC): the new base salary is in force.
    clock.at(datetime(2026, 6, 30, 17, 30, tzinfo=UTC))
    doc = compose_paper("award-decision", data)
    assert doc.meta["base_salary_from"] == "2026-07-01"


def _sudden_bang_khen(sample) -> dict:
    """A Bằng khen for a sudden achievement: no period anywhere in its wording."""
    data = sample("award-decision")
    data["award"] = "bang_khen_vien_truong_vkstc"
    del data["period"]
    data["achievement"] = "đã có thành tích xuất sắc đột xuất trong vụ án ma túy đặc biệt lớn"
    return data


def test_bang_khen_for_a_sudden_achievement_needs_no_period(sample):
    doc = compose_paper("award-decision", _sudden_bang_khen(sample))
    assert doc.summary == ("Về việc tặng Bằng khen",)
    assert article(doc, 1).startswith(
        "Điều 1. Tặng Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao cho 06 cá nhân")
    assert "None" not in " ".join(texts(doc))
    assert "None" not in " ".join(doc.appendix.heading_lines)


@pytest.mark.parametrize("award", ["chien_si_thi_dua_co_so", "co_thi_dua_nganh"])
def test_titles_and_flags_still_require_the_period(sample, award):
    data = sample("award-decision")
    data["award"] = award
    if award == "co_thi_dua_nganh":
        data["collectives"] = [{"name": "Phòng 1"}]
        data["individuals"] = []
    del data["period"]
    with pytest.raises(InputError) as exc:
        compose_paper("award-decision", data)
    [error] = exc.value.errors
    assert error.loc == ("period",)
    assert "thời gian" in error.msg


def _notes(sample, drafted: str, issued: date, **changes) -> list[str]:  # type: ignore[no-untyped-def]
    from docgen.catalog import load_catalog
    from docgen.compose.award_decision import issue_notes
    from docgen.service import validate

    data = sample("award-decision") | {"date": drafted} | changes
    return issue_notes(validate("award-decision", data), load_catalog(), issued)


def test_issuing_after_a_base_salary_change_says_the_reward_changes(sample):
    # Drafted at 2,340,000 (from 01/07/2024), issued under the reported 2,530,000.
    notes = _notes(sample, "2026-01-05", date(2026, 7, 15))
    assert len(notes) == 1
    assert "mức lương cơ sở 2.530.000 đồng tại ngày 15/07/2026" in notes[0]
    assert "chưa được xác minh" in notes[0]
    assert "mỗi cá nhân 2.340.000 → 2.530.000 đồng" in notes[0]


def test_issuing_under_the_same_figures_and_bases_says_nothing(sample):
    assert _notes(sample, "2026-01-05", date(2026, 1, 5)) == []
    assert _notes(sample, "2026-01-05", date(2026, 3, 1)) == []


def test_issuing_after_a_new_decree_says_the_bases_change(sample):
    notes = _notes(sample, "2025-06-20", date(2025, 7, 2))
    assert notes == ["Căn cứ pháp lý đổi theo văn bản có hiệu lực tại ngày 02/07/2025"]
    assert _notes(sample, "2025-06-20", date(2025, 7, 2), bases=["Căn cứ Luật Thi đua, "
                  "khen thưởng ngày 15 tháng 6 năm 2022;"]) == []


# -- individuals and collectives in one decision ----------------------------------------------

UNITS = [{"name": "Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự",
          "unit": "Viện kiểm sát nhân dân tỉnh Hưng Yên"},
         {"name": "Văn phòng"}]


def _eight_and_two(sample, **changes):  # type: ignore[no-untyped-def]
    """The sample's people and two more (08 cá nhân), two collectives (02 tập thể)."""
    data = sample("award-decision")
    data["individuals"] += [
        {"name": "Hoàng Văn Nam", "gender": "nam", "position": "Kiểm tra viên",
         "unit": "Phòng 9"},
        {"name": "Lò Thị Mai", "gender": "nữ", "position": "Chuyên viên", "unit": "Phòng 15"}]
    data["collectives"] = UNITS
    return data | changes


def test_one_bang_khen_for_collectives_and_individuals(sample):
    """A form for both (Bằng khen): one phrase, both counted, collectives first, each
    section of the list with its own reward."""
    data = _eight_and_two(sample, award="bang_khen_vien_truong_vkstc", amounts_in_list=True)
    doc = compose_paper("award-decision", data)
    assert doc.summary == ("Về việc tặng Bằng khen",)
    assert article(doc, 1).startswith(
        "Điều 1. Tặng Bằng khen của Viện trưởng Viện kiểm sát nhân dân tối cao cho 02 tập "
        "thể và 08 cá nhân (có danh sách kèm theo), ")
    assert "Mỗi tập thể được thưởng 7.020.000 đồng" in article(doc, 2)
    assert "mỗi cá nhân được thưởng 3.510.000 đồng" in article(doc, 2)
    sections = doc.appendix.sections
    assert [s.title for s in sections] == ["I. TẬP THỂ (02)", "II. CÁ NHÂN (08)"]
    assert sections[0].rows[0][-1] == "7.020.000" and sections[1].rows[0][-1] == "3.510.000"


def test_collectives_receive_their_own_title_beside_the_individuals(sample):
    """Lao động tiên tiến for 08 people and Tập thể lao động tiên tiến for 02 collectives:
    one decision, each list with its award and its reward."""
    data = _eight_and_two(sample, award="lao_dong_tien_tien",
                          collective_award="tap_the_lao_dong_tien_tien", amounts_in_list=True)
    doc = compose_paper("award-decision", data)
    # Broken between the two awards, not inside a title.
    assert doc.summary == ('Về việc công nhận danh hiệu "Tập thể lao động tiên tiến"',
                           'và danh hiệu "Lao động tiên tiến" năm 2025')
    assert article(doc, 1) == (
        'Điều 1. Công nhận danh hiệu "Tập thể lao động tiên tiến" năm 2025 cho 02 tập thể '
        'và danh hiệu "Lao động tiên tiến" năm 2025 cho 08 cá nhân (có danh sách kèm '
        "theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác năm 2025.")
    # 0.8 and 0.3 × 2,340,000, rounded up to 10,000 (DOMAIN.md's worked examples).
    assert article(doc, 2).startswith(
        "Điều 2. Mỗi tập thể được thưởng 1.880.000 đồng (Một triệu tám trăm tám mươi nghìn "
        "đồng); mỗi cá nhân được thưởng 710.000 đồng (Bảy trăm mười nghìn đồng).")
    appendix = doc.appendix
    assert appendix.heading_lines[1] == (
        'Tập thể và cá nhân được công nhận danh hiệu "Tập thể lao động tiên tiến" và danh '
        'hiệu "Lao động tiên tiến" năm 2025')
    assert [s.title for s in appendix.sections] == ["I. TẬP THỂ (02)", "II. CÁ NHÂN (08)"]
    assert [r[-1] for r in appendix.sections[0].rows] == ["1.880.000"] * 2
    assert [r[-1] for r in appendix.sections[1].rows] == ["710.000"] * 8
    assert doc.meta["collective_award"] == "tap_the_lao_dong_tien_tien"
    assert doc.meta["reward_collective"] == "1880000"


def test_one_verb_is_said_once_and_two_are_each_said(sample):
    data = _eight_and_two(sample, award="chien_si_thi_dua_nganh",
                          collective_award="co_thi_dua_nganh")
    assert article(compose_paper("award-decision", data), 1).startswith(
        "Điều 1. Tặng Cờ thi đua ngành Kiểm sát nhân dân năm 2025 cho 02 tập thể và danh "
        'hiệu "Chiến sĩ thi đua ngành Kiểm sát nhân dân" năm 2025 cho 08 cá nhân')
    data = _eight_and_two(sample, award="lao_dong_tien_tien",
                          collective_award="co_thi_dua_nganh")
    assert article(compose_paper("award-decision", data), 1).startswith(
        "Điều 1. Tặng Cờ thi đua ngành Kiểm sát nhân dân năm 2025 cho 02 tập thể và công "
        'nhận danh hiệu "Lao động tiên tiến" năm 2025 cho 08 cá nhân')


def test_the_same_award_named_twice_is_one_award(sample):
    data = _eight_and_two(sample, award="giay_khen", collective_award="giay_khen")
    doc = compose_paper("award-decision", data)
    assert doc.summary == ("Về việc tặng Giấy khen",)
    assert "collective_award" not in doc.meta


@pytest.mark.parametrize(("changes", "where", "message"), [
    # A personal title with collectives: the message says how to award them too.
    ({"award": "lao_dong_tien_tien"}, ("collectives",), "chọn danh hiệu, hình thức cho tập thể"),
    ({"award": "lao_dong_tien_tien", "collective_award": "chien_si_thi_dua_co_so"},
     ("collective_award",), "không dành cho tập thể"),
    ({"award": "lao_dong_tien_tien", "collective_award": "tap_the_lao_dong_tien_tien",
      "collectives": []}, ("collectives",), "danh sách tập thể để trống"),
    ({"award": "lao_dong_tien_tien", "collective_award": "tap_the_lao_dong_tien_tien",
      "individuals": []}, ("individuals",), "chỉ khen tập thể"),
])
def test_whom_each_award_is_for_is_checked(sample, changes, where, message):
    from docgen.http.web.labels import ERROR_TARGETS

    with pytest.raises(InputError) as exc:
        compose_paper("award-decision", _eight_and_two(sample, **changes))
    errors = [e for e in exc.value.errors if message in e.msg]
    assert errors, [e.msg for e in exc.value.errors]
    assert ERROR_TARGETS.get(errors[0].type, "") == where[-1] or errors[0].loc[-1:] == where
