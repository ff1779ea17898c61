"""NFC, upper case, control characters, name sorting, file names."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

import pytest

from docgen.vn.files import ascii_fold, content_disposition, slugify
from docgen.vn.names import sort_names
from docgen.vn.text import capitalize_first, clean, control_chars, nfc, upper


def test_upper_keeps_diacritics():
    assert upper("tỉnh Bình Định") == "TỈNH BÌNH ĐỊNH"
    assert upper("Viện kiểm sát nhân dân tối cao") == "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"


def test_upper_of_decomposed_input_is_nfc():
    assert upper(unicodedata.normalize("NFD", "Hưng Yên")) == nfc("HƯNG YÊN")


def test_clean_collapses_spaces_and_normalises():
    assert clean("  Nguyễn \t Văn\u00a0 An ") == "Nguyễn Văn An"
    assert clean("a\r\nb", multiline=True) == "a\nb"
    assert clean("a\nb") == "a b"
    assert clean(unicodedata.normalize("NFD", "Lê")) == nfc("Lê")


@pytest.mark.parametrize(("text", "found"), [
    ("bình thường", []), ("a\x00b", ["U+0000"]), ("a\x1bb", ["U+001B"]),
    ("a\u202eb", ["U+202E"]), ("a\tb", ["U+0009"]),
])
def test_control_chars(text, found):
    assert control_chars(text) == found


def test_newlines_allowed_in_multiline_text():
    assert control_chars("a\nb", multiline=True) == []


def test_capitalize_first():
    assert capitalize_first("đã có thành tích") == "Đã có thành tích"
    assert capitalize_first("“đoàn kết”") == "“Đoàn kết”"


def test_names_sort_by_given_name_first():
    assert sort_names(["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Cúc"]) == [
        "Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc"]


def test_d_stroke_sorts_after_d():
    assert sort_names(["Lê Đức", "Lê Dũng", "Lê Em"]) == ["Lê Dũng", "Lê Đức", "Lê Em"]


def test_vowel_letters_in_vietnamese_order():
    assert sort_names(["A Ân", "A Ăn", "A An"]) == ["A An", "A Ăn", "A Ân"]
    assert sort_names(["B Ơn", "B Ôn", "B On"]) == ["B On", "B Ôn", "B Ơn"]


def test_tones_in_order_none_grave_hook_tilde_acute_dot():
    names = ["X Mạ", "X Má", "X Mã", "X Mả", "X Mà", "X Ma"]
    assert sort_names(names) == ["X Ma", "X Mà", "X Mả", "X Mã", "X Má", "X Mạ"]


def test_letters_outrank_tones():
    # "Anh" (no tone) vs "Ánh": same letters, tone decides; "Ánh" < "Anha" by letters.
    assert sort_names(["L Anha", "L Ánh", "L Anh"]) == ["L Anh", "L Ánh", "L Anha"]


def test_same_given_name_sorts_by_middle_then_family():
    assert sort_names(["Trần Văn An", "Nguyễn Văn An", "Lê Thị An"]) == [
        "Lê Thị An", "Nguyễn Văn An", "Trần Văn An"]


def test_sort_is_case_and_normalisation_insensitive():
    nfd = unicodedata.normalize("NFD", "Đỗ Bình")
    assert sort_names(["đỗ an", nfd]) == ["đỗ an", nfd]


def test_ascii_fold_and_slug():
    assert ascii_fold("Đặng Văn Sơn") == "Dang Van Son"
    assert slugify("Quyết định 15 QĐ-VKSHY") == "quyet-dinh-15-qd-vkshy"
    assert slugify("!!!") == "tai-lieu"
    assert len(slugify("a" * 200)) == 80


def test_content_disposition_has_both_names():
    cd = content_disposition("Quyết định số 15-QĐ.pdf")
    assert cd.startswith('attachment; filename="quyet-dinh-so-15-qd.pdf"')
    assert unquote(cd.split("UTF-8''")[1]) == "Quyết định số 15-QĐ.pdf"


def test_content_disposition_never_breaks_the_header():
    cd = content_disposition('a"b\r\n.pdf')
    assert "\r" not in cd and "\n" not in cd and cd.count('"') == 2
