"""Flask extensions, created unbound here and bound to an app in the factory."""

from __future__ import annotations

from flask_wtf import CSRFProtect

csrf = CSRFProtect()
