"""The catalog: award forms and titles, coefficients, base-salary table, default legal bases
and configured agencies. Data (``data/catalog.yaml``), loaded and validated once.

An administrator points ``DOCGEN_CATALOG`` at an edited copy when a regulation changes.
"""

from docgen.catalog.loader import (
    Agency,
    Award,
    Catalog,
    CatalogError,
    DocumentType,
    Reward,
    RoundRules,
    load_catalog,
    use_catalog,
)

__all__ = ["Agency", "Award", "Catalog", "CatalogError", "DocumentType", "Reward", "RoundRules",
           "load_catalog", "use_catalog"]
