"""Agencies' templates as stored: each save a new immutable version, the version in use,
sharing down the agencies' hierarchy (``service.TemplateService``)."""
