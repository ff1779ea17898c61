"""Sorting Vietnamese personal names the Vietnamese way.

Names compare by given name (last word), then the middle names, then the family name.
Letters follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
ư v x y); tones are compared only after all letters (as in ICU's ``vi`` collation), in the
order none < huyền < hỏi < ngã < sắc < nặng.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_ORDER = {ch: i for i, ch in enumerate(ALPHABET)}
#: Combining marks of the tones, in collation order (none = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
#: Combining marks that make a distinct letter (ă â ê ô ơ ư).
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                 ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", word.casefold()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            elif (base, m) in _LETTER_MARKS:
                base = _LETTER_MARKS[(base, m)]
        if ch == "đ":
            base = "đ"
        letters.append(_ORDER.get(base, len(ALPHABET) + ord(base)))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(full_name: str) -> tuple[object, ...]:
    """Collation key of a full name: given name, then middle names, then family name."""
    words = full_name.split()
    if not words:
        return ((), ())
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    keys = [_word_key(w) for w in ordered]
    # Letters of every word first, then tones: a tone difference never outranks a letter.
    return (tuple(k[0] for k in keys), tuple(k[1] for k in keys))


def sort_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=sort_key)


def sorted_by_name(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    return sorted(items, key=lambda item: sort_key(key(item)))
