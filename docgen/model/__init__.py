"""Input schemas (pydantic v2), one per kind of paper, with shared parts.

The models are the single source of truth for what an input may contain: the JSON API,
the web forms and spreadsheet rows all validate through them, and JSON Schema / OpenAPI
come from them. Strings are NFC-normalised, trimmed and checked for control characters.
"""

from docgen.model.common import (
    Gender,
    Issuer,
    Person,
    Signer,
    Unit,
)
from docgen.model.validation import validate_input

__all__ = ["Gender", "Issuer", "Person", "Signer", "Unit", "validate_input"]
