"""Per-agency offsets (millimetres) of the overprint mode, read from the catalog's agencies
(``certificate_offset_mm: [dx, dy]``): each office's pre-printed blanks sit differently."""

from __future__ import annotations

from docgen.catalog import load_catalog
from docgen.compose.certificate import CertificateFace


def offset_for(face: CertificateFace) -> tuple[float, float]:
    if face.design == "full" or face.agency_code is None:
        return (0.0, 0.0)
    agency = load_catalog().agency(face.agency_code)
    if agency is None or agency.certificate_offset_mm is None:
        return (0.0, 0.0)
    dx, dy = agency.certificate_offset_mm
    return (dx, dy)
