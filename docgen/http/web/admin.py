"""The administrator's pages for accounts: the users of every agency, adding one (roles and
agency), disabling one, and API tokens (a new token is shown once, on the answer to the
request that made it, and never stored in clear or put in a cookie).

Every rule (login format, password length, known roles and agencies, token lifetime) lives
in the accounts service, shared with ``docgen users``; these views only parse and answer.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from docgen.catalog import load_catalog
from docgen.compose.common import one_line
from docgen.errors import ConflictError, FieldError, InputError
from docgen.http.actor import needs, require
from docgen.http.auth import accounts
from docgen.services.accounts.permissions import ROLE_LABELS, Perm, Role
from docgen.services.accounts.service import ACCOUNT_ACTIONS

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(form: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
          token: Any = None, token_login: str | None = None) -> str:
    svc = accounts()
    users = svc.list()
    catalog = load_catalog()
    return render_template(
        "office/users.html", users=users,
        tokens={u.login: [t for t in svc.tokens(u.login) if t.revoked_at is None]
                for u in users},
        agencies=[(a.code, a.symbol, one_line(a.name)) for a in catalog.agencies],
        agency_names={a.code: one_line(a.name) for a in catalog.agencies},
        roles=[(r.value, ROLE_LABELS[r]) for r in Role], form=form or {}, errors=errors or {},
        token=token, token_login=token_login, audit=svc.audit(),
        audit_labels=ACCOUNT_ACTIONS)


@bp.get("/users")
@needs(Perm.USERS_MANAGE)
def users() -> str:
    return _page()


@bp.post("/users")
def add_user() -> ResponseReturnValue:
    actor = require(Perm.USERS_MANAGE)
    login, name = request.form.get("login", ""), request.form.get("name", "")
    agency, roles = request.form.get("agency", ""), request.form.getlist("roles")
    email = request.form.get("email", "")
    unit = request.form.get("unit", "")
    form = {"login": login, "name": name, "agency": agency, "roles": roles, "email": email,
            "unit": unit}
    try:
        user = accounts().add_user(login, name, agency, roles, request.form.get("password", ""),
                                    email=email, by=actor, unit=unit)
    except InputError as exc:
        # Shown next to each field; what was typed stays (except the password).
        errors = {".".join(map(str, e.loc)) or "form": e.msg for e in exc.errors} or {
            "form": exc.message}
        return _page(form, errors), 422
    except ConflictError as exc:  # the login is taken: said at the login, the rest kept
        return _page(form, {"login": exc.message}), 409
    flash(f"Đã thêm người dùng {user.login} ({user.name}).", "ok")
    return redirect(url_for("admin.users"))


@bp.post("/users/<login>/disable")
def disable(login: str) -> ResponseReturnValue:
    actor = require(Perm.USERS_MANAGE)
    if login == actor.login:
        raise InputError([FieldError(("login",), "không tự khóa tài khoản của mình được")])
    user = accounts().disable(login, by=actor)
    flash(f"Đã khóa tài khoản {user.login}; các mã truy cập của tài khoản đã bị thu hồi.",
          "ok")
    return redirect(url_for("admin.users"))


@bp.post("/users/<login>/email")
def set_email(login: str) -> ResponseReturnValue:
    actor = require(Perm.USERS_MANAGE)
    try:
        user = accounts().update(login, email=request.form.get("email", ""), by=actor)
    except InputError as exc:
        return _page(errors={f"email-{login}": exc.errors[0].msg}), 422
    flash(f"Đã lưu thư điện tử của {user.login}." if user.email
          else f"Đã xóa thư điện tử của {user.login}.", "ok")
    return redirect(url_for("admin.users"))


@bp.post("/users/<login>/tokens")
def new_token(login: str) -> ResponseReturnValue:
    actor = require(Perm.USERS_MANAGE)
    raw = (request.form.get("expires_days") or "").strip()
    if raw and not (raw.isascii() and raw.isdigit()):
        raise InputError([FieldError(("expires_days",), "số ngày phải là số nguyên")])
    token = accounts().issue_token(login, int(raw) if raw else None, by=actor)
    # The secret is in this answer only: never cached, never in the session cookie.
    return _page(token=token, token_login=login), 201, {"Cache-Control": "no-store"}


@bp.post("/users/<login>/tokens/<int:token_id>/revoke")
def revoke_token(login: str, token_id: int) -> ResponseReturnValue:
    actor = require(Perm.USERS_MANAGE)
    accounts().revoke_token(login, token_id, by=actor)
    flash(f"Đã thu hồi mã truy cập của {login}.", "ok")
    return redirect(url_for("admin.users"))
