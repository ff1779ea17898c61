"""Body markup: numbered bold paragraphs and Markdown headings become headings (so a
clerk editing the DOCX in Word gets a navigable outline), other paragraphs stay body."""

from __future__ import annotations

import pytest

from docgen.compose.markup import parse


def roles(markup: str) -> list[tuple[str, str]]:
    return [(p.role, p.text) for p in parse(markup)]


def test_roman_and_arabic_bold_paragraphs_are_two_heading_levels():
    body = ("**I. MỤC ĐÍCH, YÊU CẦU**\n\nVăn bản.\n\n**1. Chỉ tiêu**\n\nNội dung.\n\n"
            "**II. TỔ CHỨC THỰC HIỆN**\n\nCuối.")
    assert roles(body) == [
        ("section", "I. MỤC ĐÍCH, YÊU CẦU"), ("body", "Văn bản."),
        ("subsection", "1. Chỉ tiêu"), ("body", "Nội dung."),
        ("section", "II. TỔ CHỨC THỰC HIỆN"), ("body", "Cuối."),
    ]


def test_heading_text_carries_no_direct_bold_its_style_does():
    [heading] = parse("**I. MỤC ĐÍCH**")
    assert heading.role == "section"
    assert not any(r.bold for r in heading.runs)


def test_arabic_headings_are_the_first_level_when_there_is_no_roman_one():
    assert [r for r, _ in roles("**1. Đổi mới**\n\nA.\n\n**2. Khen thưởng**\n\nB.")] == [
        "section", "body", "section", "body"]


def test_markdown_headings_keep_their_level():
    assert [r for r, _ in roles("# Một\n\n## Hai\n\nThân.")] == ["section", "subsection", "body"]


def test_partly_bold_or_unnumbered_paragraphs_stay_body():
    assert roles("**1. Chỉ tiêu** phải đạt 100%.\n\n**Lưu ý quan trọng**") == [
        ("body", "1. Chỉ tiêu phải đạt 100%."), ("body", "Lưu ý quan trọng")]


def test_list_items_are_not_headings():
    assert [r for r, _ in roles("1. Thực hiện tốt.\n2. Xây dựng.")] == ["list_item", "list_item"]


def test_an_article_mark_is_bold_whatever_was_typed():
    """Decree 30, Appendix I, II.6.đ: ``Điều``, its number (and title) upright bold."""
    [plain, typed_bold, other] = parse("Điều 2. Quyết định này có hiệu lực.\n\n"
                                       "**Điều 3.** Văn phòng thi hành.\n\n"
                                       "Điều kiện xét tặng.")
    assert [(r.text, r.bold) for r in plain.runs] == [
        ("Điều 2.", True), (" Quyết định này có hiệu lực.", False)]
    assert [(r.text, r.bold) for r in typed_bold.runs] == [
        ("Điều 3.", True), (" Văn phòng thi hành.", False)]
    assert all(not r.bold for r in other.runs)


@pytest.mark.parametrize("markup", [
    "# Chương I\n\n# QUY ĐỊNH CHUNG\n\n## Điều 1. Phạm vi\n\nNội dung.",
    "**Chương I**\n\n**QUY ĐỊNH CHUNG**\n\n## Điều 1. Phạm vi\n\nNội dung.",
])
def test_a_chapter_and_its_title_are_centred_lines(markup):
    blocks = parse(markup)
    assert [(b.role, b.text) for b in blocks] == [
        ("chapter", "Chương I"), ("chapter_title", "QUY ĐỊNH CHUNG"),
        ("subsection", "Điều 1. Phạm vi"), ("body", "Nội dung.")]
    assert not any(r.bold for b in blocks[:2] for r in b.runs)  # bold by their style
