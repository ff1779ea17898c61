"""Accounts as a service: create, list, disable users, check passwords, issue and revoke
API tokens. Used alike by the sign-in pages, the admin pages and ``docgen users``.

Passwords are hashed with argon2id at the cost the settings give (``password_hasher``;
argon2-cffi's defaults unless configured), re-hashed when the cost changes;
API tokens are random 256-bit strings of which only a SHA-256 is stored.

Every change to an account (added, renamed, moved, roles changed, password set, disabled,
enabled, token minted or revoked) is written to the audit table in the same transaction,
naming who made it (``by``: the administrator, or the command line's system actor). A
sign-out, a new password and disabling raise the user's ``session_version``: every session
cookie signed in before is refused from then on.
"""

from __future__ import annotations

import builtins
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import Field, TypeAdapter, ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import load_catalog
from docgen.config import Settings
from docgen.errors import ConflictError, FieldError, InputError, NotFoundError
from docgen.model.types import MAX_ID, Line
from docgen.model.validation import field_errors
from docgen.services.accounts.identity import Actor, system_actor
from docgen.services.accounts.permissions import Role
from docgen.services.registry.models import ApiToken, AuditEntry, User

TOKEN_PREFIX = "dg_"
#: What a new installation tells its operator: how the first account is made.
FIRST_ADMIN_HINT = ("Chưa có tài khoản nào. Người quản trị máy chủ tạo tài khoản đầu tiên: "
                    "docgen users add LOGIN --name \"Họ và tên\" --agency VKSTC --role admin "
                    "--password-stdin")
MIN_PASSWORD = 10
#: Audit actions of account administration, with what the pages show.
ACCOUNT_ACTIONS: dict[str, str] = {
    "user_add": "Thêm người dùng", "user_name": "Đổi họ tên", "user_roles": "Đổi vai trò",
    "user_agency": "Đổi cơ quan", "user_unit": "Đổi đơn vị", "user_password": "Đặt mật khẩu mới",
    "user_disable": "Khóa tài khoản", "user_enable": "Mở lại tài khoản",
    "token_issue": "Cấp mã truy cập", "token_revoke": "Thu hồi mã truy cập",
    "user_email": "Đổi địa chỉ thư điện tử",
}
#: An e-mail address as the notifications need it: one ``@``, a dotted domain, no spaces
#: or control characters (RFC 5321 allows more; an office's addresses never use it).
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def password_hasher(settings: Settings) -> PasswordHasher:
    """argon2id at the cost of the settings (``DOCGEN_PASSWORD_HASH_*``)."""
    return PasswordHasher(time_cost=settings.password_hash_time_cost,
                          memory_cost=settings.password_hash_memory_cost,
                          parallelism=settings.password_hash_parallelism)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def actor_of(user: User, ip: str | None = None, minted_by: str | None = None) -> Actor:
    return Actor(login=user.login, name=user.name, agency=user.agency, roles=user.role_set,
                 user_id=user.id, ip=ip, minted_by=minted_by, unit=user.unit)


#: A person's name follows the rules of every text a paper carries (NFC, no control or
#: invisible characters such as NUL or a right-to-left override, drawable), within the
#: column.
_NAME = TypeAdapter(Annotated[Line, Field(max_length=200)])


def check_name(name: str) -> str:
    try:
        return _NAME.validate_python(name)
    except ValidationError as exc:
        raise InputError(field_errors(exc, prefix=("name",))) from None


def _checked_name(name: str) -> str:
    if not name.strip():
        raise InputError([FieldError(("name",), "thiếu họ và tên")])
    return check_name(name)


_UNIT = TypeAdapter(Annotated[Line, Field(max_length=200)])


def check_unit(unit: str | None) -> str | None:
    """A user's unit (đơn vị) as typed, held to the rules of any text (NFC, at most 200
    characters); empty: none."""
    if unit is None or not unit.strip():
        return None
    try:
        return " ".join(_UNIT.validate_python(unit).split())
    except ValidationError as exc:
        raise InputError(field_errors(exc, prefix=("unit",))) from None


def resolve_agency(value: str) -> str:
    """An agency code from its code or symbol (``VKSTC`` or ``vkstc``), or a 422."""
    catalog = load_catalog()
    agency = catalog.agency(value) or catalog.agency_by_symbol(value)
    if agency is None:
        for a in catalog.agencies:
            if a.symbol and a.symbol.lower() == value.strip().lower():
                agency = a
    if agency is None:
        known = ", ".join(a.symbol or a.code for a in catalog.agencies)
        raise InputError([FieldError(("agency",), f"không có cơ quan '{value}' trong danh mục "
                                     f"(có: {known})")])
    return agency.code


def check_roles(roles: list[str] | tuple[str, ...]) -> str:
    names = sorted({r.strip() for r in roles if r.strip()})
    if not names:
        raise InputError([FieldError(("roles",), "cần ít nhất một vai trò")])
    valid = {r.value for r in Role}
    bad = [r for r in names if r not in valid]
    if bad:
        raise InputError([FieldError(("roles",), f"vai trò không có: {', '.join(bad)} "
                                     f"(có: {', '.join(sorted(valid))})")])
    return ",".join(names)


def _missing(field: str, message: str) -> str:
    raise InputError([FieldError((field,), message)])


def check_email(email: str | None) -> str | None:
    """An address for notifications (domain in lower case), or None when left empty."""
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InputError([FieldError(("email",), "địa chỉ thư điện tử không hợp lệ "
                                     "(ví dụ: ten@vks.gov.vn)")])
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError([FieldError(("password",),
                                     f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")])


def _password_checked(password: str) -> str:
    """``check_password`` as one of ``add_user``'s checks (nothing to keep: "")."""
    check_password(password)
    return ""


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown once and never stored."""

    id: int
    secret: str
    expires_at: datetime | None


@dataclass
class AccountService:
    sessions: sessionmaker[Session]
    hasher: PasswordHasher = field(default_factory=PasswordHasher)

    @cached_property
    def _dummy_hash(self) -> str:
        """A hash of nothing at the same cost, checked when the login is unknown, so a wrong
        login and a wrong password take the same time (no way to learn which logins exist)."""
        return self.hasher.hash(secrets.token_hex(16))

    # -- users --------------------------------------------------------------------------------

    def _record(self, s: Session, by: Actor | None, action: str, user: User,
                detail: str | None = None) -> None:
        """The audit entry of a change to ``user``'s account, made by ``by``."""
        by = by or system_actor()
        s.add(AuditEntry(paper_id=None, action=action, actor=by.login, agency=user.agency,
                         ip=by.ip, at=_now(), minted_by=by.minted_by,
                         detail=f"{user.login}{': ' + detail if detail else ''} "
                                f"(người thực hiện: {by.name})"))

    def add_user(self, login: str, name: str, agency: str, roles: list[str],
                 password: str, *, email: str | None = None,
                 by: Actor | None = None, unit: str | None = None) -> User:
        """A new account; every problem of the request is reported at once (one message
        per field); a login already taken is a conflict (409)."""
        login = login.strip().lower()
        problems: list[FieldError] = []
        checked: dict[str, str] = {}
        if not login or len(login) > 60 or not all(c.isalnum() or c in "._-" for c in login):
            problems.append(FieldError(("login",), "tên đăng nhập chỉ gồm chữ, số, . _ - "
                                       "(tối đa 60 ký tự)"))
        checks = (("name", lambda: _checked_name(name)),
                  ("agency", lambda: resolve_agency(agency) if agency.strip() else _missing(
                      "agency", "chọn cơ quan")),
                  ("roles", lambda: check_roles(roles)),
                  ("unit", lambda: check_unit(unit) or ""),
                  ("password", lambda: _password_checked(password)),
                  ("email", lambda: check_email(email) or ""))
        for key, check in checks:
            try:
                checked[key] = check()
            except InputError as exc:
                problems.extend(exc.errors)
        if problems:
            raise InputError(problems)
        user = User(login=login, name=checked["name"], agency=checked["agency"],
                    roles=checked["roles"], unit=checked["unit"] or None,
                    password_hash=self.hasher.hash(password),
                    active=True, created_at=_now(), session_version=0,
                    email=checked["email"] or None)
        try:
            with self.sessions.begin() as s:
                s.add(user)
                s.flush()
                self._record(s, by, "user_add", user, f"vai trò {user.roles}")
        except IntegrityError:
            raise ConflictError(f"tên đăng nhập '{login}' đã có") from None
        return user

    def get(self, login: str) -> User:
        with self.sessions() as s:
            user = s.execute(select(User).where(User.login == login.strip().lower())
                             ).scalar_one_or_none()
        if user is None:
            raise NotFoundError(f"không có người dùng '{login}'")
        return user

    def names(self, logins: Iterable[str | None]) -> dict[str, str]:
        """Full names of the accounts among ``logins`` (one query), for pages that show who
        did what; a login with no account (``cli:…``, a deleted user) is left out."""
        wanted = {x for x in logins if x}
        if not wanted:
            return {}
        with self.sessions() as s:
            rows = s.execute(select(User.login, User.name).where(User.login.in_(wanted)))
            return {login: name for login, name in rows}

    def by_id(self, user_id: int) -> User | None:
        with self.sessions() as s:
            return s.get(User, user_id)

    def has_users(self) -> bool:
        """Is there any account yet? (A new installation has none: the first admin is
        created from the command line.)"""
        with self.sessions() as s:
            return s.execute(select(User.id).limit(1)).first() is not None

    def list(self, agency: str | None = None) -> list[User]:
        stmt = select(User).order_by(User.agency, User.login)
        if agency:
            stmt = stmt.where(User.agency == agency)
        with self.sessions() as s:
            return list(s.execute(stmt).scalars())

    def update(self, login: str, *, name: str | None = None,
               roles: builtins.list[str] | None = None,
               agency: str | None = None, active: bool | None = None,
               password: str | None = None, email: str | None = None,
               by: Actor | None = None, unit: str | None = None) -> User:
        """Change an account; each change is audited. A new password or disabling ends
        the user's sessions; disabling also revokes their tokens. ``email``: "" clears
        the address."""
        with self.sessions.begin() as s:
            user = s.execute(select(User).where(User.login == login.strip().lower())
                             ).scalar_one_or_none()
            if user is None:
                raise NotFoundError(f"không có người dùng '{login}'")
            if name is not None and name.strip() and check_name(name) != user.name:
                old, user.name = user.name, check_name(name)
                self._record(s, by, "user_name", user, f"họ tên {old} → {user.name}")
            if roles is not None and check_roles(roles) != user.roles:
                old, user.roles = user.roles, check_roles(roles)
                self._record(s, by, "user_roles", user, f"vai trò {old} → {user.roles}")
            if agency is not None and resolve_agency(agency) != user.agency:
                old, user.agency = user.agency, resolve_agency(agency)
                self._record(s, by, "user_agency", user, f"cơ quan {old} → {user.agency}")
            if email is not None and check_email(email) != user.email:
                old_email, user.email = user.email, check_email(email)
                self._record(s, by, "user_email", user,
                             f"thư điện tử {old_email or '-'} → {user.email or '-'}")
            if unit is not None and (check_unit(unit) or None) != user.unit:
                old_unit, user.unit = user.unit, check_unit(unit) or None
                self._record(s, by, "user_unit", user,
                             f"đơn vị {old_unit or '-'} → {user.unit or '-'}")
            if password is not None:
                check_password(password)
                user.password_hash = self.hasher.hash(password)
                user.session_version = (user.session_version or 0) + 1
                self._record(s, by, "user_password", user, "đặt mật khẩu mới")
            if active is not None and active != user.active:
                user.active = active
                if not active:
                    user.session_version = (user.session_version or 0) + 1
                    for token in s.execute(select(ApiToken).where(
                            ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                            ).scalars():
                        token.revoked_at = _now()
                self._record(s, by, "user_enable" if active else "user_disable", user)
        return user

    def disable(self, login: str, *, by: Actor | None = None) -> User:
        """Disable the account, revoke its tokens and end its sessions."""
        return self.update(login, active=False, by=by)

    def end_sessions(self, user_id: int) -> None:
        """Every session cookie of the user is refused from now on (sign-out)."""
        with self.sessions.begin() as s:
            s.execute(update(User).where(User.id == user_id)
                      .values(session_version=User.session_version + 1))

    def authenticate(self, login: str, password: str) -> User | None:
        """The active user with this login and password, or None (same time either way)."""
        with self.sessions.begin() as s:
            user = s.execute(select(User).where(User.login == login.strip().lower())
                             ).scalar_one_or_none()
            try:
                self.hasher.verify(user.password_hash if user else self._dummy_hash, password)
            except (VerificationError, InvalidHashError):
                return None
            if user is None or not user.active:
                return None
            if self.hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self.hasher.hash(password)
            user.last_login_at = _now()
        return user

    # -- API tokens ---------------------------------------------------------------------------

    def issue_token(self, login: str, expires_days: int | None = None, *,
                    by: Actor | None = None) -> IssuedToken:
        """A new token for ``login``. Minted by another signed-in user (an administrator),
        it says so: whatever is done with it is audited with the minter's login."""
        user = self.get(login)
        if not user.active:
            raise ConflictError(f"người dùng '{login}' đã bị khóa")
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise InputError([FieldError(("expires_days",), "hạn dùng từ 1 đến 3650 ngày")])
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = _now() + timedelta(days=expires_days) if expires_days else None
        minted_by = by.login if by is not None and not by.system and \
            by.login != user.login else None
        with self.sessions.begin() as s:
            token = ApiToken(user_id=user.id, token_hash=token_hash(secret),
                             prefix=secret[:10], created_at=_now(), expires_at=expires,
                             minted_by=minted_by)
            s.add(token)
            s.flush()
            token_id = token.id
            self._record(s, by, "token_issue", user, f"mã truy cập số {token_id}"
                         + (f", hết hạn {expires:%d/%m/%Y}" if expires else ""))
        return IssuedToken(token_id, secret, expires)

    def tokens(self, login: str) -> builtins.list[ApiToken]:
        user = self.get(login)
        with self.sessions() as s:
            return list(s.execute(select(ApiToken).where(ApiToken.user_id == user.id)
                                  .order_by(ApiToken.id)).scalars())

    def revoke_token(self, login: str, token_id: int | None = None, *,
                     by: Actor | None = None) -> int:
        """Revoke one token of the user (by id) or all of them; returns how many."""
        user = self.get(login)
        if token_id is not None and not 0 < token_id <= MAX_ID:
            # Past the integer column no token can exist; asking would overflow the driver.
            raise NotFoundError(f"không có mã truy cập {token_id} còn hiệu lực của '{login}'")
        count = 0
        with self.sessions.begin() as s:
            stmt = select(ApiToken).where(ApiToken.user_id == user.id,
                                          ApiToken.revoked_at.is_(None))
            if token_id is not None:
                stmt = stmt.where(ApiToken.id == token_id)
            for token in s.execute(stmt).scalars():
                token.revoked_at = _now()
                count += 1
            if count:
                self._record(s, by, "token_revoke", user, f"mã truy cập số {token_id}"
                             if token_id is not None else f"{count} mã truy cập")
        if token_id is not None and count == 0:
            raise NotFoundError(f"không có mã truy cập {token_id} còn hiệu lực của '{login}'")
        return count

    def user_by_token(self, secret: str) -> User | None:
        """The active user of a valid (not revoked, not expired) token."""
        found = self._by_token(secret)
        return found[0] if found else None

    def actor_by_token(self, secret: str, ip: str | None = None) -> Actor | None:
        """The actor of a valid token: its user, marked with who minted it when that was
        someone else."""
        found = self._by_token(secret)
        return actor_of(found[0], ip, minted_by=found[1]) if found else None

    def _by_token(self, secret: str) -> tuple[User, str | None] | None:
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        with self.sessions.begin() as s:
            row = s.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                            .where(ApiToken.token_hash == token_hash(secret))).one_or_none()
            if row is None:
                return None
            token, user = row
            expires = _aware(token.expires_at)
            if token.revoked_at is not None or not user.active or (
                    expires is not None and expires <= _now()):
                return None
            last = _aware(token.last_used_at)
            # Written at most once a minute: a busy integrator does not turn every read
            # into a write.
            if last is None or _now() - last > timedelta(minutes=1):
                token.last_used_at = _now()
            return user, token.minted_by

    def audit(self, limit: int = 50) -> builtins.list[AuditEntry]:
        """The latest changes to accounts and tokens, newest first (the admin page)."""
        with self.sessions() as s:
            return list(s.execute(select(AuditEntry).where(
                AuditEntry.paper_id.is_(None), AuditEntry.action.in_(ACCOUNT_ACTIONS))
                .order_by(AuditEntry.id.desc()).limit(limit)).scalars())
