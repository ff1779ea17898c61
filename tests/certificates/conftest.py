"""Fixtures of the certificate tests: LibreOffice's PDF of a DOCX is shared with the
render tests."""

from tests.render.conftest import libreoffice_pdf  # noqa: F401 - a fixture, re-exported
