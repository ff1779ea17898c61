"""docgen.vn.text: NFC, cleaning of input, forbidden characters, upper case (DOMAIN.md §8)."""

from __future__ import annotations

import unicodedata

import pytest

from docgen.vn.text import capitalize_first, clean, control_chars, nfc, upper


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def is_nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


# --- nfc -----------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["Nguyễn", "Định", "Hưng Yên", "ượ", "Đặng", "Kiểm sát"])
def test_nfc_composes_decomposed_letters(word):
    assert nfc(nfd(word)) == word


@pytest.mark.parametrize("word", ["Nguyễn", "abc", "", "Số: 02/CT-VKSTC"])
def test_nfc_leaves_nfc_text_unchanged(word):
    assert nfc(word) == word


def test_nfc_composes_tone_typed_before_the_letter_mark():
    # Some keyboards type ơ + tone in the "wrong" order; canonical ordering fixes it.
    assert nfc("o\u0323\u031b") == "ợ"


# --- clean -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("  Nguyễn Văn An  ", "Nguyễn Văn An"),
    ("Nguyễn   Văn    An", "Nguyễn Văn An"),
    ("Nguyễn\tVăn\t\tAn", "Nguyễn Văn An"),
    ("Nguyễn \t Văn", "Nguyễn Văn"),
    ("Nguyễn\u00a0Văn", "Nguyễn Văn"),  # no-break space pasted from Word
    ("Nguyễn\u2009Văn", "Nguyễn Văn"),  # thin space
    ("Nguyễn\u202fVăn", "Nguyễn Văn"),  # narrow no-break space
    ("Nguyễn\u3000Văn", "Nguyễn Văn"),  # ideographic space
    ("", ""),
    ("   ", ""),
    ("\t\n ", ""),
])
def test_clean_one_line_spaces(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\nb", "a b"),
    ("a\r\nb", "a b"),
    ("a\rb", "a b"),
    ("a\n\n\nb", "a b"),
    ("a \n b", "a b"),
    ("a\u2028b", "a b"),
    ("a\u2029b", "a b"),
    ("Nguyễn Văn An\n", "Nguyễn Văn An"),
    ("Nguyễn Văn An\r\n", "Nguyễn Văn An"),
])
def test_clean_one_line_turns_line_breaks_into_one_space(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\u2028b", "a\nb"),
    ("VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BÌNH ĐỊNH", "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BÌNH ĐỊNH"),
    ("  a  b  \n  c\t\td  ", "a b\nc d"),
    ("para 1\n\npara 2", "para 1\n\npara 2"),
    ("para 1\r\n\r\npara 2", "para 1\n\npara 2"),
    ("\n\n a \n\n", "a"),
    ("line  \n", "line"),
])
def test_clean_multiline_keeps_lines(raw, expected):
    assert clean(raw, multiline=True) == expected


def test_clean_multiline_blank_line_of_spaces_becomes_empty():
    assert clean("a\n   \nb", multiline=True) == "a\n\nb"


@pytest.mark.parametrize("multiline", [False, True])
def test_clean_output_is_nfc(multiline):
    assert clean(nfd("  Lê   Thị Hồng  "), multiline=multiline) == "Lê Thị Hồng"


@pytest.mark.parametrize("raw", [
    "a\x00b", "\ud800", "a\u202eb", "\ufeffx", "\x1b[31m", "a\x85b", "\U0001f600", "\x0b\x0c",
])
@pytest.mark.parametrize("multiline", [False, True])
def test_clean_never_raises(raw, multiline):
    assert isinstance(clean(raw, multiline=multiline), str)


@pytest.mark.parametrize("raw", ["  a \t b\r\n c  ", nfd("Đặng  Văn\nSơn"), "x\n\n\ny", ""])
@pytest.mark.parametrize("multiline", [False, True])
def test_clean_is_idempotent(raw, multiline):
    once = clean(raw, multiline=multiline)
    assert clean(once, multiline=multiline) == once


def test_clean_keeps_control_characters_for_the_checker_to_refuse():
    # clean tidies; refusing is control_chars' job, so nothing is silently hidden.
    assert clean("a\x00b") == "a\x00b"


# --- control_chars ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "", "bình thường", "Số: 02/CT-VKSTC", "“trích dẫn” – gạch", "\u00a0", "😀", "a\nb",
    "a\r\nb", "soft\u00adhyphen",
])
def test_control_chars_accepts_ordinary_text(text):
    assert control_chars(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("a\x00b", ["U+0000"]),
    ("a\x01b", ["U+0001"]),
    ("a\x1bb", ["U+001B"]),
    ("a\x7fb", ["U+007F"]),
    ("a\x85b", ["U+0085"]),
    ("a\x9fb", ["U+009F"]),
    ("a\x0bb", ["U+000B"]),
    ("a\x0cb", ["U+000C"]),
    ("a\ud800b", ["U+D800"]),
    ("a\udfffb", ["U+DFFF"]),
    ("\ufeffabc", ["U+FEFF"]),
    ("a\u200bb", ["U+200B"]),
    ("a\u200eb", ["U+200E"]),
    ("a\u200fb", ["U+200F"]),
    ("a\u061cb", ["U+061C"]),
])
def test_control_chars_finds_forbidden_character(text, found):
    assert control_chars(text) == found


@pytest.mark.parametrize("code", [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_control_chars_finds_every_bidi_override_and_isolate(code):
    assert control_chars(f"x{chr(code)}y") == [f"U+{code:04X}"]


@pytest.mark.parametrize("code", [*range(0x00, 0x20), *range(0x7F, 0xA0)])
@pytest.mark.parametrize("multiline", [False, True])
def test_control_chars_finds_every_c0_c1_control_except_line_breaks(code, multiline):
    allowed = {0x0A, 0x09, 0x0D} if multiline else {0x0A}
    expected = [] if code in allowed else [f"U+{code:04X}"]
    assert control_chars(f"x{chr(code)}y", multiline=multiline) == expected


def test_control_chars_one_line_refuses_tab():
    assert control_chars("a\tb") == ["U+0009"]


def test_control_chars_one_line_refuses_lone_cr():
    assert control_chars("a\rb") == ["U+000D"]


def test_control_chars_one_line_accepts_crlf_pair():
    assert control_chars("a\r\nb\r\n") == []


def test_control_chars_one_line_refuses_cr_at_the_end():
    assert control_chars("ab\r") == ["U+000D"]


@pytest.mark.parametrize("text", ["a\tb", "a\rb", "a\r\nb", "a\nb", "\t- mục\n\t- mục"])
def test_control_chars_multiline_accepts_tab_cr_lf(text):
    assert control_chars(text, multiline=True) == []


def test_control_chars_multiline_still_refuses_nul_and_bidi():
    assert control_chars("a\n\x00\u202e", multiline=True) == ["U+0000", "U+202E"]


def test_control_chars_reports_each_occurrence_in_order():
    assert control_chars("\x00a\u202eb\x00") == ["U+0000", "U+202E", "U+0000"]


def test_control_chars_codes_have_at_least_four_hex_digits():
    assert control_chars("\x07") == ["U+0007"]


# --- upper -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("tỉnh Bình Định", "TỈNH BÌNH ĐỊNH"),
    ("Viện kiểm sát nhân dân tối cao", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"),
    ("cộng hòa xã hội chủ nghĩa việt nam", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("quyết định", "QUYẾT ĐỊNH"),
    ("giao ước thi đua", "GIAO ƯỚC THI ĐUA"),
    ("đ", "Đ"),
    ("ơ ư ă â ê ô", "Ơ Ư Ă Â Ê Ô"),
    ("ạ ả ã á à", "Ạ Ả Ã Á À"),
    ("ỵ ỷ ỹ ý ỳ", "Ỵ Ỷ Ỹ Ý Ỳ"),
    ("ượng", "ƯỢNG"),
    ("KT. viện trưởng", "KT. VIỆN TRƯỞNG"),
    ("số 02/ct-vkstc", "SỐ 02/CT-VKSTC"),
    ("", ""),
])
def test_upper_keeps_diacritics(text, expected):
    assert upper(text) == expected


def test_upper_of_decomposed_input_is_nfc():
    assert upper(nfd("Hưng Yên")) == "HƯNG YÊN"


@pytest.mark.parametrize("vowel", list("aăâeêioôơuưy"))
@pytest.mark.parametrize("tone", ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"])
def test_upper_of_every_toned_vowel_is_one_precomposed_capital(vowel, tone):
    small = nfc(vowel + tone)
    result = upper(small)
    assert len(small) == 1 and len(result) == 1 and is_nfc(result)
    assert result.lower() == small


def test_upper_is_idempotent():
    assert upper(upper("tỉnh Bình Định")) == "TỈNH BÌNH ĐỊNH"


# --- capitalize_first -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("đã có thành tích", "Đã có thành tích"),
    ("ủy ban", "Ủy ban"),
    ("ượt", "Ượt"),
    ("tặng Bằng khen", "Tặng Bằng khen"),
    ("công nhận danh hiệu", "Công nhận danh hiệu"),
    ("“đoàn kết”", "“Đoàn kết”"),
    ('"đoàn kết"', '"Đoàn kết"'),
    ("(có danh sách)", "(Có danh sách)"),
    ("1. nhiệm vụ", "1. Nhiệm vụ"),
    ("  ông", "  Ông"),
    ("Đã xong", "Đã xong"),
    ("", ""),
    ("123 !", "123 !"),
])
def test_capitalize_first(text, expected):
    assert capitalize_first(text) == expected


def test_capitalize_first_leaves_the_rest_unchanged():
    assert capitalize_first("viện kiểm sát nhân dân TỐI CAO") == "Viện kiểm sát nhân dân TỐI CAO"


def test_capitalize_first_of_decomposed_input_is_nfc():
    assert capitalize_first(nfd("ủy ban")) == "Ủy ban"


@pytest.mark.parametrize("invisible", ["\u200d", "\u200c", "\u2060", "\U000e0041",
                                       "\u2062", "\u180e", "\u061c"])
def test_invisible_format_characters_are_refused(invisible):
    assert control_chars(f"Nguyễn{invisible}Văn") == [f"U+{ord(invisible):04X}"]


def test_vietnamese_text_has_no_forbidden_characters():
    # Decomposed input (a Mac keyboard) is checked on its NFC form: nothing to refuse.
    assert control_chars(unicodedata.normalize("NFD", "Nguyễn Thị Hường, Đắk Lắk")) == []
