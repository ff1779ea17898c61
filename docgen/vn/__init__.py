"""Vietnamese text for docgen: NFC normalisation and cleaning, upper case, official dates,
number-and-symbol lines, money in figures and words, the Vietnamese name sort, safe file
names.

Every rule here comes from Decree 30/2020/NĐ-CP or from DOMAIN.md §8, and lives in one place
so that the DOCX and the PDF of a paper say exactly the same thing. The package imports
nothing else of docgen (only the standard library); every other layer may use it.

Modules: :mod:`~docgen.vn.text`, :mod:`~docgen.vn.dates`, :mod:`~docgen.vn.numbering`,
:mod:`~docgen.vn.money`, :mod:`~docgen.vn.names`, :mod:`~docgen.vn.files`.
"""

from docgen.vn.dates import date_words, day_str, month_str, place_date_line, short_date
from docgen.vn.files import ascii_fold, content_disposition, slugify
from docgen.vn.money import (
    format_money,
    format_number,
    money_phrase,
    money_words,
    number_words,
    round_up,
)
from docgen.vn.names import sort_key, sort_names, sorted_by_name, word_key
from docgen.vn.numbering import count_phrase, join_symbol, number_ref, number_symbol, pad2
from docgen.vn.text import capitalize_first, clean, control_chars, nfc, upper

__all__ = [
    "ascii_fold",
    "capitalize_first",
    "clean",
    "content_disposition",
    "control_chars",
    "count_phrase",
    "date_words",
    "day_str",
    "format_money",
    "format_number",
    "join_symbol",
    "money_phrase",
    "money_words",
    "month_str",
    "nfc",
    "number_ref",
    "number_symbol",
    "number_words",
    "pad2",
    "place_date_line",
    "round_up",
    "short_date",
    "slugify",
    "sort_key",
    "sort_names",
    "sorted_by_name",
    "upper",
    "word_key",
]
