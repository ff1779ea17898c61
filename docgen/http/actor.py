"""Who is asking over HTTP: the ``Actor`` the sign-in checks (``docgen.http.auth``) put on
``flask.g`` for the request, and the one check every view makes with it first.

A page that the menu or the home page links to declares its permission with ``needs``:
the view checks it, and ``may_open`` reads the same mark to decide whether to offer the
link, so a card or a menu entry is never offered to someone it would answer 403."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, has_request_context

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


View = TypeVar("View", bound=Callable[..., Any])
#: The attribute ``needs`` sets on a view: the permission it asks for (None: signed in).
NEEDS = "docgen_needs"


def needs(perm: Perm | None) -> Callable[[View], View]:
    """Mark a view as answering only actors holding ``perm`` (None: anyone signed in) and
    check it first, as ``require`` does; ``may_open`` reads the mark."""
    def mark(view: View) -> View:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            require(perm)
            return view(*args, **kwargs)
        setattr(checked, NEEDS, perm)
        return checked  # type: ignore[return-value]
    return mark


def may_open(endpoint: str, actor: Actor | None = None) -> bool:
    """Would the view ``endpoint`` let ``actor`` (default: the current one) in? Only views
    marked with ``needs`` can be asked: a link to any other page is a programming error."""
    view = current_app.view_functions[endpoint]
    if not hasattr(view, NEEDS):
        raise LookupError(f"{endpoint}: the view does not declare its permission (needs)")
    actor = actor or current_actor()
    perm: Perm | None = getattr(view, NEEDS)
    return actor is not None and (perm is None or actor.can(perm))
