"""Who is asking over HTTP: the ``Actor`` the sign-in checks (``docgen.http.auth``) put on
``flask.g`` for the request, and the one check every view makes with it first."""

from __future__ import annotations

from flask import g, has_request_context

from docgen.errors import ForbiddenError, UnauthorizedError
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm


def current_actor() -> Actor | None:
    """The actor of the current request, or None when nobody is signed in."""
    if not has_request_context():
        return None
    return g.get("docgen_actor")


def require(perm: Perm | None = None) -> Actor:
    """The current actor, who must hold ``perm``: 401 when nobody is signed in, 403 when
    the roles do not allow it."""
    actor = current_actor()
    if actor is None:
        raise UnauthorizedError("cần đăng nhập")
    if perm is not None and not actor.can(perm):
        raise ForbiddenError("vai trò của bạn không được làm việc này")
    return actor
