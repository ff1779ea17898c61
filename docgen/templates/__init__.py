"""Agencies' own templates of any kind of paper: preset values, a body with placeholders,
each placeholder declared as a field (issue #20). The engine is core logic without a
database: ``spec`` (what a template is), ``sandbox`` (where its code runs), ``check``
(what is wrong with it, located) and ``fill`` (the kind's input from the values a clerk
gives). Stored templates and their versions are a service (``docgen.services.templates``).
"""

from docgen.templates.check import check_template, locate
from docgen.templates.fill import Problem, fill_template, preview_values, validate_values
from docgen.templates.spec import FIELD_TYPES, ColumnSpec, FieldSpec, TemplateSpec

__all__ = ["FIELD_TYPES", "ColumnSpec", "FieldSpec", "Problem", "TemplateSpec", "locate",
           "check_template", "fill_template", "preview_values", "validate_values"]
