"""The services: docgen's use cases, built once by the composition root (``root``) from
``Settings`` and called by every face. ``registry`` keeps papers (their life, numbers,
files, signatures, registers, verification), ``jobs`` runs batches, ``accounts`` holds users,
roles and the one permission table."""
