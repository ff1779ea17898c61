"""The use cases of an agency's templates: save (checked; each save a new immutable
version, identified by the SHA-256 of its content), list and read what an actor may use
(its agency's, and those the agencies above it share), choose the version in use, and fill
one into the input of its kind, rendered or stored as a draft that records the template
and version it came from.

Who may do what is the permission table's: ``TEMPLATE_MANAGE`` saves and chooses versions,
for the actor's own agency only; anyone who renders papers uses the templates they see.
Another agency's template that is not shared with the actor answers 404.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import load_catalog
from docgen.errors import FieldError, ForbiddenError, InputError, NotFoundError
from docgen.model.types import MAX_ID
from docgen.service import RenderedFile, render_paper, validate
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry.models import Paper, Template, TemplateVersion
from docgen.services.registry.papers import REGISTRABLE, Registry
from docgen.templates import TemplateSpec, check_template, fill_template, locate, preview_values
from docgen.vn.text import shorten


def _now() -> datetime:
    return datetime.now(UTC)


def content_hash(spec: TemplateSpec) -> str:
    """SHA-256 of a template's content as canonical JSON (keys sorted, UTF-8)."""
    text = json.dumps(spec.content(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Filled:
    """A template filled: the kind, its input, and where it came from."""

    kind: str
    input: dict[str, Any]
    template_id: int
    version: int


@dataclass
class TemplateService:
    sessions: sessionmaker[Session]
    registry: Registry

    # -- who sees what ---------------------------------------------------------------------

    @staticmethod
    def _visible(actor: Actor) -> Any:
        """The templates ``actor`` may use: its agency's, and those shared from above."""
        if actor.sees_all:
            return True
        above = load_catalog().agencies_above(actor.agency or "")
        return or_(Template.agency == actor.agency,
                   Template.shared.is_(True) & Template.agency.in_(above))

    def _get(self, s: Session, template_id: int, actor: Actor, *, manage: bool = False
             ) -> Template:
        if not (actor.can(Perm.RENDER) or actor.sees_all):
            raise ForbiddenError("vai trò của bạn không dùng được mẫu")
        t = s.execute(select(Template).where(Template.id == template_id,
                                             self._visible(actor))).scalar_one_or_none() \
            if 0 < template_id <= MAX_ID else None
        if t is None:
            raise NotFoundError(f"không có mẫu số hiệu {template_id}")
        if manage:
            if not actor.can(Perm.TEMPLATE_MANAGE):
                raise ForbiddenError("vai trò của bạn không quản lý được mẫu")
            if not actor.acts_on(t.agency):
                raise ForbiddenError("chỉ cơ quan có mẫu mới sửa được mẫu")
        return t

    @staticmethod
    def _version(s: Session, t: Template, version: int | None) -> TemplateVersion:
        v = s.get(TemplateVersion, (t.id, version or t.current_version)) \
            if (version or t.current_version) <= MAX_ID else None
        if v is None:
            raise InputError([FieldError(("version",), f"mẫu không có phiên bản {version}")])
        return v

    # -- saving ----------------------------------------------------------------------------

    @staticmethod
    def check(data: Any) -> TemplateSpec:
        """The template, or an ``InputError`` naming each problem with its place."""
        spec, problems = check_template(data)
        if problems or spec is None:
            raise InputError(list(problems), "Mẫu chưa dùng được")
        return spec

    def create(self, data: Any, actor: Actor) -> tuple[Template, TemplateVersion]:
        if not actor.can(Perm.TEMPLATE_MANAGE):
            raise ForbiddenError("vai trò của bạn không quản lý được mẫu")
        if actor.agency is None and not actor.system:
            raise ForbiddenError("tài khoản không thuộc cơ quan nào")
        spec = self.check(data)
        agency = actor.agency or "system"
        with self.sessions.begin() as s:
            t = Template(agency=agency, kind=spec.kind, name=shorten(spec.name, 400),
                         shared=spec.shared, current_version=1, created_by=actor.login,
                         created_at=_now(), updated_at=_now())
            s.add(t)
            s.flush()
            v = self._add_version(s, t, spec, actor, 1)
        return t, v

    def update(self, template_id: int, data: Any, actor: Actor
               ) -> tuple[Template, TemplateVersion]:
        """A new version (the same content as an existing version gives that version
        back). The version in use stays until the agency chooses another."""
        spec = self.check(data)
        with self.sessions.begin() as s:
            t = self._get(s, template_id, actor, manage=True)
            if spec.kind != t.kind:
                raise InputError([FieldError(("kind",), "không đổi được loại văn bản của mẫu; "
                                             "hãy tạo mẫu mới")])
            existing = s.execute(select(TemplateVersion).where(
                TemplateVersion.template_id == t.id,
                TemplateVersion.sha256 == content_hash(spec))).scalar_one_or_none()
            t.name, t.shared, t.updated_at = shorten(spec.name, 400), spec.shared, _now()
            if existing is not None:
                return t, existing
            last = s.execute(select(func.max(TemplateVersion.version)).where(
                TemplateVersion.template_id == t.id)).scalar_one() or 0
            v = self._add_version(s, t, spec, actor, last + 1)
        return t, v

    @staticmethod
    def _add_version(s: Session, t: Template, spec: TemplateSpec, actor: Actor,
                     number: int) -> TemplateVersion:
        v = TemplateVersion(template_id=t.id, version=number, sha256=content_hash(spec),
                            content_json=json.dumps(spec.content(), ensure_ascii=False),
                            created_by=actor.login, created_at=_now())
        s.add(v)
        return v

    def use_version(self, template_id: int, version: int, actor: Actor) -> Template:
        with self.sessions.begin() as s:
            t = self._get(s, template_id, actor, manage=True)
            self._version(s, t, version)
            t.current_version, t.updated_at = version, _now()
        return t

    # -- reading ---------------------------------------------------------------------------

    def list(self, actor: Actor, kind: str | None = None) -> builtins.list[Template]:
        if not (actor.can(Perm.RENDER) or actor.sees_all):
            raise ForbiddenError("vai trò của bạn không dùng được mẫu")
        stmt = select(Template).where(self._visible(actor))
        if kind:
            stmt = stmt.where(Template.kind == kind)
        with self.sessions() as s:
            return list(s.execute(stmt.order_by(Template.name, Template.id)).scalars())

    def get(self, template_id: int, actor: Actor
            ) -> tuple[Template, builtins.list[TemplateVersion]]:
        with self.sessions() as s:
            t = self._get(s, template_id, actor)
            versions = list(s.execute(select(TemplateVersion).where(
                TemplateVersion.template_id == t.id).order_by(TemplateVersion.version)
            ).scalars())
        return t, versions

    def spec(self, template_id: int, actor: Actor, version: int | None = None
             ) -> tuple[Template, TemplateVersion, TemplateSpec]:
        """The template, the version asked (the one in use by default) and its content."""
        with self.sessions() as s:
            t = self._get(s, template_id, actor)
            v = self._version(s, t, version)
        spec = TemplateSpec.model_validate({**json.loads(v.content_json), "shared": t.shared})
        return t, v, spec

    # -- using -----------------------------------------------------------------------------

    def fill(self, template_id: int, values: Any, actor: Actor, *,
             overrides: Mapping[str, Any] | None = None, version: int | None = None
             ) -> Filled:
        """The kind's input from the template and the values, validated by the kind
        (problems named under ``input``)."""
        if not actor.can(Perm.RENDER):
            raise ForbiddenError("vai trò của bạn không soạn được văn bản từ mẫu")
        t, v, spec = self.spec(template_id, actor, version)
        data = fill_template(spec, values, overrides, locate=locate)
        try:
            validate(t.kind, data)
        except InputError as exc:
            raise InputError([FieldError(("input", *e.loc), e.msg, e.type)
                              for e in exc.errors]) from None
        return Filled(t.kind, data, t.id, v.version)

    def preview_input(self, spec: TemplateSpec) -> dict[str, Any]:
        """The input a template makes with its fields' sample values (not validated)."""
        return fill_template(spec, preview_values(spec), locate=locate)

    def render(self, template_id: int, values: Any, fmt: str, actor: Actor, *,
               overrides: Mapping[str, Any] | None = None, version: int | None = None
               ) -> RenderedFile:
        if fmt not in ("pdf", "docx"):
            raise InputError([FieldError(("format",), "định dạng phải là pdf hoặc docx")])
        filled = self.fill(template_id, values, actor, overrides=overrides, version=version)
        return render_paper(filled.kind, filled.input, fmt)

    def draft(self, template_id: int, values: Any, actor: Actor, *,
              overrides: Mapping[str, Any] | None = None) -> Paper:
        """A draft in the registry made from the version in use, recording both."""
        filled = self.fill(template_id, values, actor, overrides=overrides)
        if filled.kind not in REGISTRABLE:
            raise InputError([FieldError(("kind",), "loại văn bản này không lưu vào sổ")])
        return self.registry.create_draft(filled.kind, filled.input, actor,
                                          template=(filled.template_id, filled.version))


def template_json(t: Template, versions: list[TemplateVersion] | None = None,
                  spec: TemplateSpec | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": t.id, "kind": t.kind, "name": t.name, "agency": t.agency, "shared": t.shared,
        "version": t.current_version, "created_by": t.created_by,
        "created_at": t.created_at.isoformat(), "updated_at": t.updated_at.isoformat()}
    if versions is not None:
        out["versions"] = [{"version": v.version, "sha256": v.sha256,
                            "created_by": v.created_by, "created_at": v.created_at.isoformat(),
                            "in_use": v.version == t.current_version} for v in versions]
    if spec is not None:
        out["content"] = spec.content()
    return out
