"""docgen.vn.names: Vietnamese order of personal names (docs/format-rules.md, "Vietnamese text")."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pytest

from docgen.vn.names import ALPHABET, sort_key, sort_names, sorted_by_name, word_key


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_brief_example():
    names = ["Trần Đức Anh", "Nguyễn Văn Bình", "Lê Ánh", "Lê Anh", "Phạm Thị Ă"]
    # Anh (no middle name first), Anh (with one), Ánh, Ă, Bình.
    assert sort_names(names) == ["Lê Anh", "Trần Đức Anh", "Lê Ánh", "Phạm Thị Ă",
                                 "Nguyễn Văn Bình"]


def test_names_sort_by_given_name_first():
    assert sort_names(["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Cúc"]) == [
        "Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc"]


def test_given_name_outranks_family_name():
    assert sort_names(["An Văn Yến", "Yên Văn An"]) == ["Yên Văn An", "An Văn Yến"]


def test_same_given_name_sorts_by_middle_then_family():
    assert sort_names(["Trần Văn An", "Nguyễn Văn An", "Lê Thị An"]) == [
        "Lê Thị An", "Nguyễn Văn An", "Trần Văn An"]


def test_middle_name_outranks_family_name():
    assert sort_names(["An Văn Hà", "Bùi Thị Hà"]) == ["Bùi Thị Hà", "An Văn Hà"]


def test_middle_names_compare_from_left_to_right():
    assert sort_names(["Lê Thị Minh Anh", "Lê Thị Lan Anh", "Lê Hoàng Minh Anh"]) == [
        "Lê Hoàng Minh Anh", "Lê Thị Lan Anh", "Lê Thị Minh Anh"]


def test_name_without_middle_name_comes_first():
    assert sort_names(["Lê Văn Nam", "Lê Nam"]) == ["Lê Nam", "Lê Văn Nam"]


def test_same_given_and_middle_sorts_by_family():
    assert sort_names(["Vũ Văn Tú", "Đỗ Văn Tú", "Bùi Văn Tú", "Dương Văn Tú"]) == [
        "Bùi Văn Tú", "Dương Văn Tú", "Đỗ Văn Tú", "Vũ Văn Tú"]


def test_one_word_name_is_a_given_name():
    assert sort_names(["Lê Bình", "An"]) == ["An", "Lê Bình"]


def test_d_stroke_sorts_after_d():
    assert sort_names(["Lê Đức", "Lê Dũng", "Lê Em"]) == ["Lê Dũng", "Lê Đức", "Lê Em"]


def test_d_stroke_sorts_after_every_d_word():
    assert sort_names(["X Đa", "X Dy", "X Duyên"]) == ["X Duyên", "X Dy", "X Đa"]


@pytest.mark.parametrize("names", [
    ["A An", "A Ăn", "A Ân"],
    ["B En", "B Ên"],
    ["B On", "B Ôn", "B Ơn"],
    ["B Un", "B Ưn"],
])
def test_vowel_letters_in_vietnamese_order(names):
    assert sort_names(list(reversed(names))) == names


def test_breve_a_sorts_after_every_plain_a_word():
    assert sort_names(["X Ăa", "X Az"]) == ["X Az", "X Ăa"]


def test_the_whole_alphabet_in_order():
    words = [f"X {letter}a" for letter in ALPHABET]
    shuffled = words[:]
    random.Random(7).shuffle(shuffled)
    assert sort_names(shuffled) == words


def test_vietnamese_alphabet_subsequence():
    letters = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert "".join(letters) == "".join(ch for ch in ALPHABET if ch not in "fjwz")


@pytest.mark.parametrize(("before", "after"), [("e", "f"), ("ê", "f"), ("f", "g"), ("i", "j"),
                                               ("j", "k"), ("v", "w"), ("w", "x"), ("y", "z")])
def test_foreign_letters_at_their_latin_places(before, after):
    assert word_key(before) < word_key(after)


def test_tones_in_order_none_grave_hook_tilde_acute_dot():
    names = ["X Mạ", "X Má", "X Mã", "X Mả", "X Mà", "X Ma"]
    assert sort_names(names) == ["X Ma", "X Mà", "X Mả", "X Mã", "X Má", "X Mạ"]


@pytest.mark.parametrize("vowel", list("aăâeêioôơuưy"))
def test_tone_order_on_every_vowel(vowel):
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    words = [unicodedata.normalize("NFC", f"t{vowel}{t}n") for t in tones]
    keys = [word_key(w) for w in words]
    assert keys == sorted(keys) and len(set(keys)) == 6


def test_letters_outrank_tones():
    # "Anh" < "Ánh" by tone; "Ánh" < "Anha" by letters, whatever the tone.
    assert sort_names(["L Anha", "L Ánh", "L Anh"]) == ["L Anh", "L Ánh", "L Anha"]


def test_tone_does_not_outrank_a_later_letter():
    assert sort_names(["X Bá", "X Bac"]) == ["X Bá", "X Bac"]
    assert sort_names(["X Bạt", "X Bàu"]) == ["X Bạt", "X Bàu"]


def test_letter_mark_outranks_tone():
    # â is a letter of its own: "Ấn" after "Án" whatever the tones.
    assert sort_names(["X Ấn", "X Ạn"]) == ["X Ạn", "X Ấn"]


def test_tone_of_the_given_name_outranks_the_middle_name():
    # Per word: the given name is compared fully, tones included, before the middle name.
    assert sort_names(["Lê Anh Ánh", "Lê Bảo Anh"]) == ["Lê Bảo Anh", "Lê Anh Ánh"]


def test_tone_is_compared_wherever_the_mark_sits():
    assert sort_names(["X Hoá", "X Hòa"]) == ["X Hòa", "X Hoá"]
    assert sort_names(["X Thuỷ", "X Thúy"]) == ["X Thuỷ", "X Thúy"]


@pytest.mark.parametrize(("old", "new"), [("Hòa", "Hoà"), ("Thủy", "Thuỷ"), ("Khỏe", "Khoẻ")])
def test_old_and_new_tone_placement_compare_equal(old, new):
    assert word_key(old) == word_key(new)


def test_primary_is_case_insensitive():
    assert sort_names(["x bình", "X An"]) == ["X An", "x bình"]


def test_case_never_outranks_a_letter_of_another_word():
    assert sort_names(["Lê Văn AN", "Lê Bảo An"]) == ["Lê Bảo An", "Lê Văn AN"]


def test_lower_case_first_when_otherwise_equal():
    assert sort_names(["LÊ AN", "lê an", "Lê An"]) == ["lê an", "Lê An", "LÊ AN"]


def test_sort_is_normalisation_insensitive():
    assert sort_key(nfd("Nguyễn Thị Ượng")) == sort_key("Nguyễn Thị Ượng")
    assert word_key(nfd("Đặng")) == word_key("Đặng")


def test_decomposed_names_sort_like_composed_ones():
    names = ["Đỗ Bình", "Lê Ánh", "Lê Anh", "Trần Ân"]
    expected = sort_names(names)
    assert sort_names([nfd(n) for n in names]) == [nfd(n) for n in expected]


def test_marks_in_non_canonical_order_sort_the_same():
    # u + dot below + horn (unusual order) is still ự.
    assert word_key("u\u0323\u031b") == word_key("ự")


def test_extra_spaces_do_not_matter():
    assert sort_key("  Nguyễn   Văn  An ") == sort_key("Nguyễn Văn An")


def test_empty_name_sorts_first():
    assert sort_names(["Lê An", "", "   "]) == ["", "   ", "Lê An"]


def test_foreign_marks_are_ignored_at_primary_level():
    assert sort_names(["X Müller", "X Mulan", "X Mz"]) == ["X Mulan", "X Müller", "X Mz"]


def test_digits_before_letters_and_punctuation_before_digits():
    assert word_key("-") < word_key("1") < word_key("a")


def test_other_scripts_after_the_vietnamese_alphabet():
    assert word_key("z") < word_key("α")


def test_equal_names_keep_input_order():
    names = ["Lê An", "Lê An", "Lê\u00a0An"]
    assert sort_names(names) == names


def test_sort_names_accepts_any_iterable():
    assert sort_names(n for n in ["Lê Bình", "Lê An"]) == ["Lê An", "Lê Bình"]


def test_realistic_list():
    names = [
        "Nguyễn Văn Thắng", "Trần Thị Thu Hà", "Lê Văn Hải", "Phạm Thị Hà", "Đỗ Minh Đức",
        "Hoàng Văn Dũng", "Vũ Thị Hằng", "Bùi Quang Huy", "Ngô Thị Hạnh", "Đặng Văn Hùng",
        "Dương Thị Ánh", "Lý Văn An", "Nguyễn Thị Ân", "Trịnh Văn Ẩn", "Phan Văn Ấn",
    ]
    assert sort_names(names) == [
        "Lý Văn An", "Dương Thị Ánh", "Nguyễn Thị Ân", "Trịnh Văn Ẩn", "Phan Văn Ấn",
        "Hoàng Văn Dũng", "Đỗ Minh Đức", "Phạm Thị Hà", "Trần Thị Thu Hà", "Lê Văn Hải",
        "Ngô Thị Hạnh", "Vũ Thị Hằng", "Đặng Văn Hùng", "Bùi Quang Huy", "Nguyễn Văn Thắng",
    ]


@dataclass
class Person:
    name: str
    unit: str


def test_sorted_by_name_uses_the_name_attribute_by_default():
    people = [Person("Trần Văn Bình", "P1"), Person("Lê An", "P2")]
    assert [p.unit for p in sorted_by_name(people)] == ["P2", "P1"]


def test_sorted_by_name_with_a_key():
    rows = [{"ten": "Trần Văn Bình"}, {"ten": "Lê An"}]
    assert sorted_by_name(rows, key=lambda r: r["ten"]) == [{"ten": "Lê An"},
                                                            {"ten": "Trần Văn Bình"}]


def test_sort_key_is_a_total_order_on_a_shuffled_list():
    names = ["Lê Anh", "Trần Đức Anh", "Lê Ánh", "Phạm Thị Ă", "Nguyễn Văn Bình", "Đỗ Ân",
             "Lê Ấn", "Mai Chi", "Hà Chí", "Tô Dương", "Vũ Đông", "Lê Ế"]
    expected = sort_names(names)
    for seed in range(20):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert sort_names(shuffled) == expected
