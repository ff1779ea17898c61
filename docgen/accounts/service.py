"""Accounts as a service: create, list, disable users, check passwords, issue and revoke
API tokens. Used alike by the sign-in pages, the admin pages and ``docgen users``.

Passwords are hashed with argon2id at the cost the settings give (``password_hasher``;
argon2-cffi's defaults unless configured), re-hashed when the cost changes;
API tokens are random 256-bit strings of which only a SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from docgen.accounts.identity import Actor
from docgen.accounts.models import ApiToken, User
from docgen.accounts.permissions import Role
from docgen.catalog import load_catalog
from docgen.config import Settings
from docgen.errors import ConflictError, FieldError, InputError, NotFoundError
from docgen.vn.text import nfc

TOKEN_PREFIX = "dg_"
#: What a new installation tells its operator: how the first account is made.
FIRST_ADMIN_HINT = ("Chưa có tài khoản nào. Người quản trị máy chủ tạo tài khoản đầu tiên: "
                    "docgen users add LOGIN --name \"Họ và tên\" --agency VKSTC --role admin "
                    "--password-stdin")
MIN_PASSWORD = 10


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


def actor_of(user: User, ip: str | None = None) -> Actor:
    return Actor(login=user.login, name=user.name, agency=user.agency, roles=user.role_set,
                 user_id=user.id, ip=ip)


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


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError([FieldError(("password",),
                                     f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")])


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

    def add_user(self, login: str, name: str, agency: str, roles: list[str],
                 password: str) -> User:
        """A new account; every problem of the request is reported at once (one message
        per field); a login already taken is a conflict (409)."""
        login = login.strip().lower()
        name = nfc(name).strip()
        problems: list[FieldError] = []
        checked: dict[str, str] = {}
        if not login or len(login) > 60 or not all(c.isalnum() or c in "._-" for c in login):
            problems.append(FieldError(("login",), "tên đăng nhập chỉ gồm chữ, số, . _ - "
                                       "(tối đa 60 ký tự)"))
        if not name:
            problems.append(FieldError(("name",), "thiếu họ và tên"))
        checks = (("agency", lambda: resolve_agency(agency) if agency.strip() else _missing(
                      "agency", "chọn cơ quan")),
                  ("roles", lambda: check_roles(roles)),
                  ("password", lambda: check_password(password) or ""))
        for key, check in checks:
            try:
                checked[key] = check()
            except InputError as exc:
                problems.extend(exc.errors)
        if problems:
            raise InputError(problems)
        user = User(login=login, name=name, agency=checked["agency"],
                    roles=checked["roles"], password_hash=self.hasher.hash(password),
                    active=True, created_at=_now())
        try:
            with self.sessions.begin() as s:
                s.add(user)
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

    def update(self, login: str, *, name: str | None = None, roles: list[str] | None = None,
               agency: str | None = None, active: bool | None = None,
               password: str | None = None) -> User:
        with self.sessions.begin() as s:
            user = s.execute(select(User).where(User.login == login.strip().lower())
                             ).scalar_one_or_none()
            if user is None:
                raise NotFoundError(f"không có người dùng '{login}'")
            if name is not None:
                user.name = nfc(name).strip() or user.name
            if roles is not None:
                user.roles = check_roles(roles)
            if agency is not None:
                user.agency = resolve_agency(agency)
            if active is not None:
                user.active = active
            if password is not None:
                check_password(password)
                user.password_hash = self.hasher.hash(password)
        return user

    def disable(self, login: str) -> User:
        """Disable the account and revoke its tokens (its sessions end at the next request)."""
        user = self.update(login, active=False)
        with self.sessions.begin() as s:
            for token in s.execute(select(ApiToken).where(ApiToken.user_id == user.id,
                                                          ApiToken.revoked_at.is_(None))
                                   ).scalars():
                token.revoked_at = _now()
        return user

    def set_signature(self, login: str, png: bytes | None) -> None:
        with self.sessions.begin() as s:
            user = s.execute(select(User).where(User.login == login)).scalar_one()
            user.signature_png = png

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

    def issue_token(self, login: str, expires_days: int | None = None) -> IssuedToken:
        user = self.get(login)
        if not user.active:
            raise ConflictError(f"người dùng '{login}' đã bị khóa")
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise InputError([FieldError(("expires_days",), "hạn dùng từ 1 đến 3650 ngày")])
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = _now() + timedelta(days=expires_days) if expires_days else None
        with self.sessions.begin() as s:
            token = ApiToken(user_id=user.id, token_hash=token_hash(secret),
                             prefix=secret[:10], created_at=_now(), expires_at=expires)
            s.add(token)
            s.flush()
            token_id = token.id
        return IssuedToken(token_id, secret, expires)

    def tokens(self, login: str) -> list[ApiToken]:
        user = self.get(login)
        with self.sessions() as s:
            return list(s.execute(select(ApiToken).where(ApiToken.user_id == user.id)
                                  .order_by(ApiToken.id)).scalars())

    def revoke_token(self, login: str, token_id: int | None = None) -> int:
        """Revoke one token of the user (by id) or all of them; returns how many."""
        user = self.get(login)
        count = 0
        with self.sessions.begin() as s:
            stmt = select(ApiToken).where(ApiToken.user_id == user.id,
                                          ApiToken.revoked_at.is_(None))
            if token_id is not None:
                stmt = stmt.where(ApiToken.id == token_id)
            for token in s.execute(stmt).scalars():
                token.revoked_at = _now()
                count += 1
        if token_id is not None and count == 0:
            raise NotFoundError(f"không có mã truy cập {token_id} còn hiệu lực của '{login}'")
        return count

    def user_by_token(self, secret: str) -> User | None:
        """The active user of a valid (not revoked, not expired) token."""
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
        return user
