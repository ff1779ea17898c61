"""Vietnamese text: NFC normalisation, official dates, number-and-symbol lines, upper case,
money in figures and words, the Vietnamese name sort, safe file names.

Imports nothing else of docgen; everything above it may use it.
"""

from docgen.vn.dates import date_words, place_date_line, short_date
from docgen.vn.files import ascii_fold, content_disposition, slugify
from docgen.vn.money import (
    format_money,
    format_number,
    money_phrase,
    money_words,
    number_words,
    round_up,
)
from docgen.vn.names import sort_key, sort_names, sorted_by_name
from docgen.vn.numbering import count_phrase, join_symbol, number_symbol, pad2
from docgen.vn.text import capitalize_first, clean, control_chars, nfc, upper

__all__ = [
    "ascii_fold", "capitalize_first", "clean", "content_disposition", "control_chars",
    "count_phrase", "date_words", "format_money", "format_number", "join_symbol",
    "money_phrase", "money_words", "nfc", "number_symbol", "number_words", "pad2",
    "place_date_line", "round_up", "short_date", "slugify", "sort_key", "sort_names",
    "sorted_by_name", "upper",
]
