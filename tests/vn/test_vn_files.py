"""docgen.vn.files: ASCII folding, slugs and Content-Disposition (docs/format-rules.md, "Vietnamese text")."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import pytest

from docgen.vn.files import ascii_fold, content_disposition, slugify

# --- ascii_fold -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "folded"), [
    ("Đặng Văn Sơn", "Dang Van Son"),
    ("đ", "d"),
    ("Đ", "D"),
    ("Quyết định", "Quyet dinh"),
    ("Nguyễn Thị Ượng", "Nguyen Thi Uong"),
    ("ăâêôơư ĂÂÊÔƠƯ", "aaeoou AAEOOU"),
    ("Hưng Yên", "Hung Yen"),
    ("Số: 02/CT-VKSTC", "So: 02/CT-VKSTC"),
    ("abc 123", "abc 123"),
    ("", ""),
    ("ﬁ", "fi"),
    ("ＡＢＣ", "ABC"),
    ("Müller Straße", "Muller Strasse"),
    ("Søren Łukasz Œuvre", "Soren Lukasz OEuvre"),
])
def test_ascii_fold(text, folded):
    assert ascii_fold(text) == folded


def test_ascii_fold_of_decomposed_input():
    assert ascii_fold(unicodedata.normalize("NFD", "Đặng Văn Sơn")) == "Dang Van Son"


def test_ascii_fold_drops_characters_without_ascii_form():
    assert ascii_fold("a–b“c”") == "abc"


def test_ascii_fold_replacement():
    assert ascii_fold("a–b", " ") == "a b"


@pytest.mark.parametrize(("vowel", "base"), list(zip("aăâeêioôơuưy", "aaaeeiooouuy", strict=True)))
@pytest.mark.parametrize("tone", ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"])
def test_ascii_fold_every_toned_vowel_to_its_base(vowel, base, tone):
    letter = unicodedata.normalize("NFC", vowel + tone)
    assert ascii_fold(letter) == base
    assert ascii_fold(letter.upper()) == base.upper()


# --- slugify --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "slug"), [
    ("Quyết định 15 QĐ-VKSHY", "quyet-dinh-15-qd-vkshy"),
    ("quyet-dinh-15-qd-vkstb", "quyet-dinh-15-qd-vkstb"),
    ("Chỉ thị số 02/CT-VKSTC", "chi-thi-so-02-ct-vkstc"),
    ("Giao ước thi đua 2026 Cụm thi đua số 8", "giao-uoc-thi-dua-2026-cum-thi-dua-so-8"),
    ("  --Đặng  Văn__Sơn--  ", "dang-van-son"),
    ("Quyết định–15", "quyet-dinh-15"),
    ("“Đoàn kết”", "doan-ket"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"),
    ("../../etc/passwd", "etc-passwd"),
    ("ÀÁẢÃẠ", "aaaaa"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "   ", "!!!", "---", "“”", "中文", "😀"])
def test_slugify_is_never_empty(text):
    assert slugify(text) == "tai-lieu"


def test_slugify_cuts_to_max_len():
    assert len(slugify("a" * 200)) == 80
    assert slugify("quyết định khen thưởng", max_len=10) == "quyet-dinh"


def test_slugify_does_not_end_with_a_hyphen_after_cutting():
    assert slugify("abcde fghij", max_len=6) == "abcde"


def test_slugify_refuses_non_positive_max_len():
    with pytest.raises(ValueError):
        slugify("abc", max_len=0)


@pytest.mark.parametrize("text", [
    "Quyết định 15 QĐ-VKSHY", "  a  ", "Đ" * 100, "x--y", "-a-", "Số: 385/VKSTC-V16", "a\nb\tc",
])
def test_slugify_output_shape(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 80


def test_slugify_is_idempotent():
    slug = slugify("Quyết định 15 QĐ-VKSHY")
    assert slugify(slug) == slug


# --- content_disposition ----------------------------------------------------------------------

def parts(header: str) -> dict[str, str]:
    disposition, rest = header.split(";", 1)
    m = re.fullmatch(r' filename="([^"]*)"; filename\*=UTF-8\'\'(\S*)', rest)
    assert m, header
    return {"disposition": disposition, "ascii": m.group(1), "utf8": unquote(m.group(2))}


def test_content_disposition_brief_example():
    cd = content_disposition("Quyết định 15 QĐ-VKSHY.pdf")
    assert cd == ("attachment; filename=\"quyet-dinh-15-qd-vkshy.pdf\"; "
                  "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2015%20Q%C4%90-VKSHY.pdf")


def test_content_disposition_has_both_names():
    p = parts(content_disposition("Quyết định số 15-QĐ.pdf"))
    assert p["ascii"] == "quyet-dinh-so-15-qd.pdf"
    assert p["utf8"] == "Quyết định số 15-QĐ.pdf"


def test_content_disposition_inline():
    assert content_disposition("a.pdf", inline=True).startswith('inline; filename="a.pdf"')


def test_content_disposition_attachment_by_default():
    assert parts(content_disposition("a.pdf"))["disposition"] == "attachment"


@pytest.mark.parametrize(("filename", "ascii_name"), [
    ("Chỉ thị.docx", "chi-thi.docx"),
    ("Chỉ thị.DOCX", "chi-thi.DOCX"),
    ("Bảng.tar.gz", "bang-tar.gz"),
    ("khong-duoi", "khong-duoi"),
    (".pdf", "pdf"),
    ("Tên.đuôi", "ten.duoi"),
    ("", "tai-lieu"),
])
def test_content_disposition_fallback_keeps_the_extension(filename, ascii_name):
    assert parts(content_disposition(filename))["ascii"] == ascii_name


def test_content_disposition_utf8_name_is_nfc():
    name = unicodedata.normalize("NFD", "Quyết định.pdf")
    assert parts(content_disposition(name))["utf8"] == "Quyết định.pdf"


def test_content_disposition_explicit_ascii_name():
    p = parts(content_disposition("Quyết định.pdf", ascii_name="quyet-dinh-15.pdf"))
    assert p["ascii"] == "quyet-dinh-15.pdf"


@pytest.mark.parametrize("ascii_name", ['a"b.pdf', "a\\b.pdf", "a\r\nX-Evil: 1.pdf", "Đơn.pdf",
                                        "100%.pdf", "../x.pdf"])
def test_content_disposition_explicit_ascii_name_is_made_safe(ascii_name):
    cd = content_disposition("x.pdf", ascii_name=ascii_name)
    p = parts(cd)
    assert cd.isascii() and "\r" not in cd and "\n" not in cd
    assert not set(p["ascii"]) & set('"\\%/')


def test_content_disposition_blank_ascii_name_falls_back_to_the_slug():
    assert parts(content_disposition("Quyết định.pdf", ascii_name="\"\""))["ascii"] == (
        "quyet-dinh.pdf")


@pytest.mark.parametrize("filename", [
    'a"b\r\n.pdf', "x\x00y.pdf", "a;b=c.pdf", "a b'c.pdf", "../../etc/passwd", "a\ud800.pdf",
    "😀.pdf", "%20.pdf", "Quyết\u202eđịnh.pdf",
])
def test_content_disposition_never_breaks_the_header(filename):
    cd = content_disposition(filename)
    assert cd.isascii()
    assert not any(ch in cd for ch in "\r\n\x00")
    assert cd.count('"') == 2
    assert " " not in cd.split("filename*=")[1]


def test_content_disposition_round_trips_the_utf8_name():
    for name in ["Giao ước thi đua 2026.pdf", "a;b=c.pdf", "%20.pdf", "100% đúng.docx"]:
        assert parts(content_disposition(name))["utf8"] == name
