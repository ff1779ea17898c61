"""The parts a trích sao may take and the extract itself (docgen.compose.copy): articles of a
decision, level-1 headings of other papers, the appendix list; the frame kept, the chosen
parts in the original's order, the extract closed with ./., unknown parts refused."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.catalog import load_catalog
from docgen.compose.copy import APPENDIX_PART, copy_block, extract, parts, signature_lines
from docgen.errors import InputError
from docgen.model.copy import CopyInput
from tests.conftest import compose_sample


def test_a_decision_divides_at_its_articles_and_its_list():
    found = parts(compose_sample("award-decision"))
    assert [p.key for p in found] == ["Điều 1", "Điều 2", "Điều 3", APPENDIX_PART]
    # Each named by how it begins, short enough for a list of check boxes.
    assert found[2].heading.startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.")
    assert found[2].heading.endswith("…") and len(found[2].heading) <= 90
    assert found[3].heading.startswith("DANH SÁCH Cá nhân được công nhận")


@pytest.mark.parametrize(("kind", "keys"), [
    ("directive", ["1", "2", "3", "4"]), ("administrative", ["I", "II", "III"]),
    ("minutes", ["I", "II"]), ("official-letter", [])])
def test_other_papers_divide_at_their_level_one_headings(kind, keys):
    assert [p.key for p in parts(compose_sample(kind))] == keys


def test_the_extract_keeps_the_frame_and_the_chosen_parts_in_order():
    doc = compose_sample("award-decision")
    out = extract(doc, ["Điều 3", "Điều 1"], "Trích sao")
    texts = [b.text for b in out.body]
    assert texts[: len(texts) - 2] == [b.text for b in doc.body[: len(texts) - 2]]  # preamble
    starts = [t.split(".")[0] for t in texts if t.startswith("Điều")]
    assert starts == ["Điều 1", "Điều 3"]
    assert texts[-1].endswith("./.") and texts[-1].count("./.") == 1
    assert out.header == doc.header and out.signature == doc.signature
    assert out.appendix is None and out.verification is None


def test_an_extract_without_the_last_article_is_closed_after_the_last_chosen():
    out = extract(compose_sample("award-decision"), ["Điều 2"], "Trích sao")
    assert out.body[-1].text.startswith("Điều 2.") and out.body[-1].text.endswith("./.")
    with_list = extract(compose_sample("award-decision"), [APPENDIX_PART], "Trích sao")
    assert with_list.appendix is not None
    assert not any(b.text.startswith("Điều") for b in with_list.body)


def test_a_part_the_paper_does_not_have_is_refused_naming_those_it_has():
    with pytest.raises(InputError) as refused:
        extract(compose_sample("directive"), ["2", "Điều 1"], "Trích sao")
    assert [e.loc for e in refused.value.errors] == [("parts", 1)]
    assert "các phần: 1, 2, 3, 4" in refused.value.errors[0].msg
    with pytest.raises(InputError) as none:
        extract(compose_sample("official-letter"), ["I"], "Trích sao")
    assert "không có phần nào" in none.value.errors[0].msg


def test_the_copy_block_and_the_electronic_signature_lines():
    catalog = load_catalog()
    agency = catalog.agency("vks-hung-yen")
    data = CopyInput.model_validate({"copy": "sao-y", "recipients": ["Phòng Kế toán;"],
                                     "signer": {"title": "Chánh Văn phòng", "name": "Trần Bình",
                                                "authority": "TL.", "on_behalf": "Viện trưởng"}})
    block = copy_block(data, agency, "SAO Y", number=5, symbol="SY-VKSHY",
                       on=date(2026, 1, 6), verification=None)
    assert block.number_line == "Số: 05/SY-VKSHY"
    assert block.place_date_line == "Hưng Yên, ngày 06 tháng 01 năm 2026"
    assert block.agency_lines == ("VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH HƯNG YÊN")
    assert block.parent_lines == ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",)
    assert block.recipients.items == ("- Phòng Kế toán;", "- Lưu: VT.")
    assert block.signature is not None
    assert block.signature.title_lines == ("TL. VIỆN TRƯỞNG", "CHÁNH VĂN PHÒNG")
    blank = copy_block(data, agency, "SAO Y", number=None, symbol="SY-VKSHY", on=None,
                       verification=None)
    assert blank.number_line == "Số:      /SY-VKSHY"
    assert signature_lines("TRÍCH SAO", agency) == (
        "Trích sao", "Viện kiểm sát nhân dân tỉnh Hưng Yên")
