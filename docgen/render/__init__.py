"""Renderers: place a composed Document as DOCX (docxtpl) or PDF (HTML + WeasyPrint).

They decide nothing about wording; layout facts come from :mod:`docgen.style`.
"""
