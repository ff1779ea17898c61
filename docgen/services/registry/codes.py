"""Verification codes: the short code printed on every registered paper and certificate,
by which anyone finds it at ``/verify/<code>``.

Random (not derived from the number), so codes cannot be guessed from one another; the
alphabet is Crockford's base 32, without the letters that read like digits (I, L, O, U),
so a code typed from paper is read back right.
"""

from __future__ import annotations

import secrets

from docgen.compose.document import Verification

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    """A new random verification code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def verification(code: str, base_url: str) -> Verification:
    """What a paper prints to be verified: its code and its public page (the QR's link)."""
    return Verification(code, f"{base_url.rstrip('/')}/verify/{code}")


def typed_code(text: str) -> str:
    """A verification code as someone typed it from the paper: spaces dropped (it may be
    read in groups), upper case."""
    return "".join(text.split()).upper()
