"""The paper life cycle: draft -> submitted -> (returned -> draft) -> approved -> issued
(number, date, files, audit, atomically) -> revoked; search; stored files; verification
look-ups.

Every call takes the ``Actor`` who asks and checks it here, in the service, so the pages,
the API and the command line obey the same rules: the permission table decides what a
role may do; another agency's paper is "not found" (404), not "forbidden".

Issuing happens in one database transaction: the counter is locked, the number taken, the
DOCX and PDF rendered with it and stored by hash, and the paper, its hashes and the audit
entry committed together. A crash before the commit leaves the draft as it was and the
counter untouched (files already stored are harmless: content-addressed, unreferenced).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, overload

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from docgen.catalog import Catalog, load_catalog
from docgen.compose.common import one_line
from docgen.errors import ConflictError, FieldError, ForbiddenError, InputError, NotFoundError
from docgen.kinds import KINDS, get_kind
from docgen.model.types import MAX_ID, Note
from docgen.model.validation import field_errors
from docgen.service import MEDIA_TYPES, RenderedFile, compose_paper, render_document, validate
from docgen.services.accounts.identity import Actor
from docgen.services.accounts.permissions import Perm
from docgen.services.registry import copies, numbering
from docgen.services.registry.codes import new_code, typed_code, verification
from docgen.services.registry.models import PAPER_TITLE_LENGTH, AuditEntry, Paper
from docgen.services.registry.notices import queue_notices
from docgen.services.registry.register_book import RegisterBook
from docgen.services.registry.search import matches, paper_text
from docgen.services.registry.signatures import issued_pdf
from docgen.services.registry.steps import EDITABLE, STATUS_LABELS, STEPS, Step, is_own
from docgen.services.registry.storage import FileStore, sha256
from docgen.services.registry.worklists import ReturnNote, return_notes
from docgen.vn.dates import short_date, today
from docgen.vn.files import slugify
from docgen.vn.numbering import number_ref
from docgen.vn.text import shorten

log = logging.getLogger("docgen.registry")

#: Kinds numbered through the registry (certificates are registered by their batches).
REGISTRABLE = tuple(k.name for k in KINDS.values() if k.registered)
#: What a search of the registry may ask for: a kind drafted in it, or its copies.
SEARCHABLE = (*REGISTRABLE, copies.COPY_KIND)


def _fit_title(title: str) -> str:
    """A paper's title as the registry stores it: within the column, cut between words."""
    return shorten(title, PAPER_TITLE_LENGTH)


def _now() -> datetime:
    return datetime.now(UTC)


_NOTE = TypeAdapter(Note)


@overload
def _note(field: str, text: str | None, *, required: str) -> str: ...
@overload
def _note(field: str, text: str | None, *, required: None = None) -> str | None: ...
def _note(field: str, text: str | None, *, required: str | None = None) -> str | None:
    """A comment or reason as typed, held to the rules of every text input (NFC, no
    control characters, at most 2,000 characters); ``required``: the message when empty."""
    try:
        value = _NOTE.validate_python(text or "")
    except ValidationError as exc:
        raise InputError(field_errors(exc, prefix=(field,))) from None
    if not value and required:
        raise InputError([FieldError((field,), required)])
    return value or None


def _crash_point(name: str) -> None:
    """Fault injection for the crash test: the process dies here, as if killed."""
    if os.environ.get("DOCGEN_TEST_CRASH_AT") == name:
        os._exit(70)


@dataclass
class Registry:
    sessions: sessionmaker[Session]
    store: FileStore
    public_base_url: str = "http://127.0.0.1:8000"
    #: The agencies' signing set-up (docgen.signing.config.SigningSetup); ``None`` or an
    #: agency missing from it: issuing renders number and date as before.
    signing: Any = None
    #: E-mail notifications of steps (``DOCGEN_SMTP_HOST``): written to the outbox in the
    #: step's transaction (``notices``); ``on_notice()`` is called after the commit, to
    #: have the job queue send them soon.
    notify: bool = False
    on_notice: Callable[[], None] | None = None

    @property
    def certificates(self) -> RegisterBook:
        """The sổ vàng of the same database, as the certificate batches use it."""
        return RegisterBook(self.sessions, self.public_base_url)

    # -- helpers ----------------------------------------------------------------------------

    def _catalog(self) -> Catalog:
        return load_catalog()

    def agency_of(self, issuer: dict[str, Any]) -> str:
        return self._agency({"issuer": issuer})[0]

    def _agency(self, payload: dict[str, Any]) -> tuple[str, str]:
        issuer = payload.get("issuer") or {}
        agency = self._catalog().agency_by_symbol(issuer.get("symbol"))
        if agency is not None:
            return agency.code, agency.numbering
        key = issuer.get("symbol") or slugify(str(issuer.get("name", "")))
        return key, "shared"

    def _numbering(self, paper: Paper, payload: dict[str, Any]) -> tuple[
            str | None, str | None, str, bool]:
        """(symbol of the paper, the sequence of its type, numbering policy, council?) of
        the agency that OWNS the paper, as the catalog writes them: never the symbol a
        drafter typed, so a paper cannot take a number from another agency's sequence or
        open a second sequence under a misspelt symbol. The symbol itself is the kind's
        rule (``Kind.symbol``) applied to the owner's symbol."""
        catalog = self._catalog()
        typed = (payload.get("issuer") or {}).get("symbol")
        owner = catalog.agency(paper.agency)
        council = bool(owner and owner.council_symbol and typed == owner.council_symbol)
        policy = owner.numbering if owner else "shared"
        if owner is not None and not get_kind(paper.kind).own_symbol:
            own = owner.council_symbol if council else owner.symbol
            payload = {**payload, "issuer": {**(payload.get("issuer") or {}), "symbol": own}}
        symbol, sequence = get_kind(paper.kind).symbol(
            validate(paper.kind, payload, catalog=catalog), catalog)
        return symbol, sequence, policy, council

    def _clean(self, kind: str, payload: Any) -> dict[str, Any]:
        if kind not in REGISTRABLE:
            raise InputError([FieldError(("kind",), "loại văn bản này không đăng ký số; "
                                         "bằng khen được đăng ký khi in theo lô")])
        model = validate(kind, payload, catalog=self._catalog())
        return model.model_dump(mode="json", exclude_none=True)

    def _title(self, kind: str, payload: dict[str, Any]) -> tuple[str, str]:
        """(title, search text) of a paper's input, composed once."""
        document = compose_paper(kind, payload, catalog=self._catalog())
        return _fit_title(document.title), paper_text(document.title, payload, document)

    def _notice(self, s: Session, paper: Paper, event: str, actor: Actor,
                comment: str | None = None) -> bool:
        """Queue the notifications of a step, in its transaction (when mail is on)."""
        return self.notify and queue_notices(s, paper, event, actor, self.public_base_url,
                                             comment) > 0

    def _noticed(self, queued: bool) -> None:
        """After the step's commit: ask the job queue to send the mail now. A queue that
        cannot be reached is no failure of the step: the mail waits in the outbox."""
        if queued and self.on_notice is not None:
            try:
                self.on_notice()
            except Exception as exc:  # noqa: BLE001 - delivered by the next sweep
                log.warning("mail not queued at once: %s", type(exc).__name__)

    def _audit(self, s: Session, paper: Paper | None, action: str, actor: Actor,
               detail: str | None = None) -> None:
        s.add(AuditEntry(paper_id=paper.id if paper else None, action=action,
                         actor=actor.login, agency=paper.agency if paper else actor.agency,
                         ip=actor.ip, at=_now(), detail=detail, minted_by=actor.minted_by))

    def record(self, action: str, actor: Actor, detail: str | None = None) -> None:
        """An audit entry about no paper (sign-in, failed sign-in, sign-out)."""
        with self.sessions.begin() as s:
            self._audit(s, None, action, actor, detail)

    def _get(self, s: Session, paper_id: int, actor: Actor, perm: Perm = Perm.PAPER_READ,
             lock: bool = False) -> Paper:
        """The paper, if ``actor`` may see it (else 404) and holds ``perm`` (else 403); an
        action other than reading also needs the paper to be of the actor's agency."""
        # An id past the 32-bit column cannot exist; asking the database would overflow.
        paper = s.get(Paper, paper_id, with_for_update=lock) if 0 < paper_id <= MAX_ID \
            else None
        if paper is None or not actor.sees(paper.agency):
            raise NotFoundError(f"không có văn bản số hiệu {paper_id} trong sổ")
        if not actor.can(perm):
            raise ForbiddenError("vai trò của bạn không được làm việc này với văn bản")
        if perm is not Perm.PAPER_READ and not actor.acts_on(paper.agency):
            raise ForbiddenError("chỉ cán bộ của cơ quan có văn bản mới làm được việc này")
        return paper

    def _step(self, s: Session, name: str | Step, paper_id: int, actor: Actor) -> Paper:
        """The paper, locked, if ``actor`` may take the step ``name`` on it now, as the one
        table of steps (``steps.STEPS``, or a ``Step`` such as ``steps.SIGN``) says:
        404/403 as ``_get``, 403 for a step only the drafting clerk takes, 409 from another
        state."""
        step = STEPS[name] if isinstance(name, str) else name
        paper = self._get(s, paper_id, actor, step.perm, lock=True)
        if step.own and not is_own(paper, actor):
            raise ForbiddenError("chỉ người soạn dự thảo mới sửa và trình được")
        self._state(paper, *step.states, message=step.refused)
        return paper

    @staticmethod
    def _state(paper: Paper, *allowed: str, message: str) -> None:
        if paper.status not in allowed:
            raise ConflictError(f"{message} (trạng thái hiện tại: "
                                f"{STATUS_LABELS.get(paper.status, paper.status)})")

    def _owner(self, kind: str, data: dict[str, Any], actor: Actor) -> str:
        """The agency a draft belongs to: the clerk's. Its issuer must be that agency (by
        the catalog's symbol and name) or its advisory council (``council_symbol``); a
        paper numbered by the agency's sequence carries the agency's symbol, filled in when
        left empty. The command line (system actor) drafts for the agency its symbol names."""
        catalog = self._catalog()
        issuer = data.get("issuer") or {}
        symbol = issuer.get("symbol")
        if actor.system or actor.agency is None:
            return self._agency(data)[0]
        own = catalog.agency(actor.agency)
        if own is None:
            raise InputError([FieldError(("issuer",), "cơ quan của tài khoản không có trong "
                                         "danh mục; báo quản trị")])
        allowed = [x for x in (own.symbol, own.council_symbol) if x]
        if symbol is not None and symbol not in allowed:
            raise InputError([FieldError(("issuer", "symbol"), "chỉ soạn được văn bản của "
                                         "cơ quan mình: ký hiệu cơ quan phải là "
                                         + " hoặc ".join(allowed))])
        if get_kind(kind).own_symbol:
            return own.code
        if symbol is None and "issuer" in data:
            data["issuer"]["symbol"] = symbol = own.symbol
        if symbol == own.symbol and not _same_name(issuer.get("name"), own.name):
            raise InputError([FieldError(("issuer", "name"), "tên cơ quan ban hành phải là "
                                         f"tên cơ quan mình: {one_line(own.name)}")])
        return own.code

    # -- life cycle -------------------------------------------------------------------------

    def _draft_input(self, kind: str, payload: Any, incomplete: bool
                     ) -> tuple[dict[str, Any], str, bool, str]:
        """(input to keep, title, complete, search text) of a draft. With ``incomplete``,
        input that does not validate yet is kept as the clerk left it (a JSON object whose
        issuer, if any, is an object: the agency is read from it), titled by its kind;
        otherwise, and for anything else, the field errors are raised."""
        if kind not in REGISTRABLE:
            self._clean(kind, payload)  # says which kinds the registry numbers
        try:
            data = self._clean(kind, payload)
            data.pop("number", None)
            title, search = self._title(kind, data)
            return data, title, True, search
        except InputError:
            if not (incomplete and isinstance(payload, dict)
                    and isinstance(payload.get("issuer", {}), dict)):
                raise
        data = {k: v for k, v in payload.items() if k != "number"}
        title = _fit_title(f"{get_kind(kind).label} (dự thảo chưa đủ thông tin)")
        return data, title, False, paper_text(title, data, None)

    def problems(self, paper: Paper) -> list[FieldError]:
        """What keeps a draft kept incomplete from being submitted (none for a complete one)."""
        if paper.complete:
            return []
        try:
            self._draft_input(paper.kind, json.loads(paper.input_json), False)
        except InputError as exc:
            return list(exc.errors) or [FieldError((), exc.message)]
        return []

    def create_draft(self, kind: str, payload: Any, actor: Actor, *,
                     incomplete: bool = False, template: tuple[int, int] | None = None,
                     round_slot: tuple[int, str] | None = None) -> Paper:
        """A new draft of ``actor``'s agency; ``incomplete``: kept even if it does not
        validate yet (it is then submitted only once it does); ``template``: the (template
        id, version) it was made from; ``round_slot``: the (round id, slot) of the
        commendation round that made it (``docgen.services.rounds``)."""
        if not actor.can(Perm.PAPER_DRAFT):
            raise ForbiddenError("vai trò của bạn không soạn được văn bản")
        get_kind(kind)
        data, title, complete, search = self._draft_input(kind, payload, incomplete)
        agency = self._owner(kind, data, actor)
        with self.sessions.begin() as s:
            paper = Paper(kind=kind, agency=agency, status="draft", title=title,
                          complete=complete, input_json=json.dumps(data, ensure_ascii=False),
                          search_text=search,
                          created_by=actor.login, created_at=_now(), updated_at=_now(),
                          template_id=template[0] if template else None,
                          template_version=template[1] if template else None,
                          round_id=round_slot[0] if round_slot else None,
                          round_slot=round_slot[1] if round_slot else None)
            s.add(paper)
            s.flush()
            detail = (f"từ mẫu {template[0]}, phiên bản {template[1]}" if template
                      else f"từ đợt xét khen thưởng số {round_slot[0]}" if round_slot else None)
            self._audit(s, paper, "create", actor, detail)
        return paper

    def refill_round_draft(self, paper_id: int, payload: Any, actor: Actor) -> Paper:
        """A draft made by a round's *Tạo hồ sơ*, made again from the round: its input
        replaced. The round's office (whoever may make its papers, the round's service
        checks that) refills it whoever drafted it first; only a draft not yet submitted
        (or returned) is refilled, and the history says who and from which round."""
        with self.sessions.begin() as s:
            paper = self._get(s, paper_id, actor, Perm.PAPER_DRAFT, lock=True)
            self._state(paper, *EDITABLE, message="chỉ làm lại được dự thảo chưa trình")
            data, paper.title, paper.complete, paper.search_text = self._draft_input(
                paper.kind, payload, False)
            self._owner(paper.kind, data, actor)
            paper.input_json = json.dumps(data, ensure_ascii=False)
            paper.status, paper.updated_at = "draft", _now()
            self._audit(s, paper, "edit", actor,
                        f"làm lại từ đợt xét khen thưởng số {paper.round_id}")
        return paper

    def copy_as_draft(self, paper_id: int, actor: Actor) -> Paper:
        """Nhân bản: a new draft of the actor with the input of any paper it may read (an
        issued one too), without its number, date or draft state; the template it came
        from goes with it."""
        with self.sessions() as s:
            source = self._get(s, paper_id, actor)
        if not actor.can(Perm.PAPER_DRAFT):
            raise ForbiddenError("vai trò của bạn không soạn được văn bản")
        if source.kind == copies.COPY_KIND:
            raise ConflictError("bản sao không nhân bản thành dự thảo được; hãy nhân bản văn "
                                "bản được sao")
        payload = json.loads(source.input_json)
        for key in ("number", "date", "draft", "draft_label"):
            payload.pop(key, None)
        template = (source.template_id, source.template_version or 1) \
            if source.template_id else None
        paper = self.create_draft(source.kind, payload, actor, template=template)
        with self.sessions.begin() as s:
            s.add(AuditEntry(paper_id=paper.id, action="copy", actor=actor.login,
                             agency=paper.agency, ip=actor.ip, at=_now(),
                             detail=f"nhân bản từ văn bản {source.id}"))
        return paper

    def create_copy(self, paper_id: int, body: Any, actor: Actor) -> Paper:
        """A copy (sao y, sao lục, trích sao) of an issued paper of the actor's agency, by
        its records office: approved, to be issued like any paper (``copies``)."""
        with self.sessions.begin() as s:
            original = self._get(s, paper_id, actor, Perm.PAPER_COPY)
            paper = copies.new_copy(self, s, original, body, actor, _now())
            self._audit(s, paper, "make_copy", actor,
                        f"{paper.title}, ngày {short_date(original.issued_on)}"
                        if original.issued_on else paper.title)
        return paper

    def copy_parts(self, paper_id: int, actor: Actor) -> list[copies.Part]:
        """The parts a trích sao of the paper may take (none for a copy)."""
        with self.sessions() as s:
            original = self._get(s, paper_id, actor)
        return copies.original_parts(self, original)

    def copies_of(self, paper_id: int, actor: Actor) -> list[Paper]:
        """The copies made of a paper, oldest first."""
        with self.sessions() as s:
            self._get(s, paper_id, actor)
            return list(s.execute(select(Paper).where(Paper.copy_of == paper_id)
                                  .order_by(Paper.id)).scalars())

    def copy_view(self, paper: Paper) -> dict[str, Any] | None:
        """What a copy copies (None for a paper that is no copy)."""
        if paper.kind != copies.COPY_KIND:
            return None
        with self.sessions() as s:
            return copies.copy_view(s, paper, self._catalog())

    def update_draft(self, paper_id: int, payload: Any, actor: Actor, *,
                     incomplete: bool = False) -> Paper:
        with self.sessions.begin() as s:
            paper = self._step(s, "edit", paper_id, actor)
            data, paper.title, paper.complete, paper.search_text = self._draft_input(
                paper.kind, payload, incomplete)
            self._owner(paper.kind, data, actor)
            paper.input_json = json.dumps(data, ensure_ascii=False)
            paper.status = "draft"
            paper.updated_at = _now()
            self._audit(s, paper, "edit", actor)
        return paper

    def submit(self, paper_id: int, actor: Actor) -> Paper:
        """The drafting clerk sends the paper to the leaders for approval."""
        with self.sessions.begin() as s:
            paper = self._step(s, "submit", paper_id, actor)
            if not paper.complete:
                # Kept before it validated: submitted only once it does (the field errors
                # say what is missing); the catalog may have changed meanwhile.
                data, paper.title, paper.complete, paper.search_text = self._draft_input(
                    paper.kind, json.loads(paper.input_json), False)
                paper.input_json = json.dumps(data, ensure_ascii=False)
            paper.status, paper.updated_at = "submitted", _now()
            self._audit(s, paper, "submit", actor)
            queued = self._notice(s, paper, "submitted", actor)
        self._noticed(queued)
        return paper

    def approve(self, paper_id: int, actor: Actor, comment: str | None = None) -> Paper:
        comment = _note("comment", comment)
        with self.sessions.begin() as s:
            paper = self._step(s, "approve", paper_id, actor)
            paper.status, paper.updated_at = "approved", _now()
            self._audit(s, paper, "approve", actor, comment)
            queued = self._notice(s, paper, "approved", actor)
        self._noticed(queued)
        return paper

    def return_paper(self, paper_id: int, actor: Actor, comment: str) -> Paper:
        """A leader sends a submitted paper back to its clerk, saying why."""
        comment = _note("comment", comment, required="cần ghi ý kiến khi trả lại")
        with self.sessions.begin() as s:
            paper = self._step(s, "return", paper_id, actor)
            paper.status, paper.updated_at = "returned", _now()
            self._audit(s, paper, "return", actor, comment)
            queued = self._notice(s, paper, "returned", actor, comment)
        self._noticed(queued)
        return paper

    def issue(self, paper_id: int, actor: Actor, *, on: date | None = None,
              number: int | None = None) -> Paper:
        try:
            with self.sessions.begin() as s:
                paper = self._step(s, "issue", paper_id, actor)
                if paper.kind == copies.COPY_KIND:
                    on = on or today()
                    detail = copies.issue_copy(self, s, paper, actor, on=on, number=number)
                    paper.issued_at = paper.updated_at = _now()
                    self._audit(s, paper, "issue", actor, detail)
                    return paper
                payload = json.loads(paper.input_json)
                on = on or today()
                year = on.year
                symbol, abbr, policy, council = self._numbering(paper, payload)
                agency = paper.agency
                sequence = numbering.sequence_key(policy, abbr, council)
                if number is not None:
                    if numbering.is_taken(s, agency, year, symbol, number):
                        raise ConflictError(f"số {number_ref(number, symbol)} năm {year} của "
                                            "cơ quan này đã được dùng")
                elif not get_kind(paper.kind).own_symbol or symbol:
                    number = numbering.next_number(s, agency, year, sequence, symbol)
                _crash_point("after_number")
                payload = get_kind(paper.kind).numbered(payload, number, on)
                code = new_code()
                document = compose_paper(paper.kind, payload, catalog=self._catalog())
                # A paper the leader signed keeps its signed PDF: number and date go into
                # its fields, the agency's signature follows (docgen.services.registry.signatures).
                signed = issued_pdf(self, s, paper, actor, number=number, on=on,
                                    agency_code=agency, agency_name=issuer_name(paper),
                                    title=document.title)
                if signed is not None:
                    code = signed[1] or code
                document = replace(document, verification=verification(code, self.public_base_url))
                docx = render_document(paper.kind, document, "docx").content
                pdf = signed[0] if signed else render_document(paper.kind, document,
                                                               "pdf").content
                _crash_point("after_render")
                paper.docx_sha256 = self.store.put(docx)
                paper.pdf_sha256 = self.store.put(pdf)
                _crash_point("after_store")
                paper.status, paper.number, paper.symbol = "issued", number, symbol
                paper.year, paper.sequence, paper.issued_on = year, sequence, on
                paper.verify_code, paper.title = code, _fit_title(document.title)
                paper.search_text = paper_text(document.title, payload, document)
                paper.input_json = json.dumps(payload, ensure_ascii=False)
                paper.issued_at = paper.updated_at = _now()
                self._audit(s, paper, "issue", actor,
                            f"số {number_ref(number, symbol) if number else '-'} "
                            f"ngày {short_date(on)}")
                queued = self._notice(s, paper, "issued", actor)
        except IntegrityError:
            # Another transaction took the same manual number between check and commit.
            raise ConflictError("số văn bản vừa được dùng cho văn bản khác") from None
        self._noticed(queued)
        return paper

    def take(self, step: str, paper_id: int, actor: Actor, *, comment: str | None = None,
             reason: str | None = None, on: date | None = None,
             number: int | None = None) -> Paper:
        """Take the step named ``step`` (of ``steps.STEPS``, but ``edit``: a draft is edited
        with its input) on a paper, with what that step reads: the pages' one way in."""
        actions: dict[str, Callable[[], Paper]] = {
            "submit": lambda: self.submit(paper_id, actor),
            "approve": lambda: self.approve(paper_id, actor, comment),
            "return": lambda: self.return_paper(paper_id, actor, comment or ""),
            "issue": lambda: self.issue(paper_id, actor, on=on, number=number),
            "revoke": lambda: self.revoke(paper_id, reason or "", actor),
        }
        if step not in actions:
            raise NotFoundError(f"không có bước '{step}'")
        return actions[step]()

    def revoke(self, paper_id: int, reason: str, actor: Actor) -> Paper:
        reason = _note("reason", reason, required="thiếu lý do thu hồi")
        with self.sessions.begin() as s:
            paper = self._step(s, "revoke", paper_id, actor)
            paper.status, paper.revoked_reason, paper.updated_at = "revoked", reason, _now()
            self._audit(s, paper, "revoke", actor, reason)
        return paper

    # -- reading ------------------------------------------------------------------------------

    def get(self, paper_id: int, actor: Actor) -> Paper:
        with self.sessions() as s:
            return self._get(s, paper_id, actor)

    def search(self, actor: Actor, *, kind: str | None = None, year: int | None = None,
               q: str | None = None, status: str | None = None, page: int = 1,
               per_page: int = 20) -> tuple[list[Paper], int]:
        if not actor.can(Perm.PAPER_READ):
            raise ForbiddenError("vai trò của bạn không xem được sổ văn bản")
        if status and status not in STATUS_LABELS:
            raise InputError([FieldError(("status",), "trạng thái phải là một trong: "
                                         + ", ".join(STATUS_LABELS))])
        stmt = select(Paper)
        if not (actor.sees_all):
            stmt = stmt.where(Paper.agency == actor.agency)
        if kind:
            stmt = stmt.where(Paper.kind == kind)
        if year:
            stmt = stmt.where(Paper.year == year)
        if status:
            stmt = stmt.where(Paper.status == status)
        if q:
            # Title, composed trích yếu, names, units…, whatever the case and marks typed.
            stmt = stmt.where(matches(q, Paper.search_text))
        with self.sessions() as s:
            total = s.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
            items = s.execute(stmt.order_by(Paper.id.desc()).offset((page - 1) * per_page)
                              .limit(per_page)).scalars().all()
        return list(items), int(total)

    def return_note(self, paper_id: int, actor: Actor) -> ReturnNote | None:
        """The comment a leader returned ``paper_id`` with, while it has not been submitted
        again: shown on the form where its clerk fixes it."""
        with self.sessions() as s:
            self._get(s, paper_id, actor)
            return return_notes(s, [paper_id]).get(paper_id)

    def file(self, paper_id: int, fmt: str, actor: Actor) -> RenderedFile:
        """An issued paper's stored file; a paper not yet issued rendered now, with the
        draft mark."""
        if fmt not in ("docx", "pdf"):
            raise NotFoundError("chỉ có tệp docx hoặc pdf")
        with self.sessions.begin() as s:
            paper = self._get(s, paper_id, actor)
            self._audit(s, paper, "download", actor, fmt)
        return self.rendered(paper, fmt)

    def issue_notes(self, paper: Paper, on: date) -> list[str]:
        """What issuing ``paper`` dated ``on`` changes from the draft its leader approved
        (the reward of an award decision follows the base salary of the decision date)."""
        if paper.kind == copies.COPY_KIND:
            return []
        catalog = self._catalog()
        data = validate(paper.kind, json.loads(paper.input_json), catalog=catalog)
        return get_kind(paper.kind).issue_notes(data, catalog, on)

    def rendered(self, paper: Paper, fmt: str) -> RenderedFile:
        """The file of a paper the caller has already read (``get``): stored if issued,
        rendered now with the draft mark otherwise. Not a download: nothing is audited."""
        if paper.kind == copies.COPY_KIND:
            return self._copy_file(paper, fmt)
        if paper.docx_sha256 is None:
            payload = json.loads(paper.input_json)
            payload["draft"] = True
            return render_document(paper.kind, compose_paper(paper.kind, payload), fmt)
        digest = paper.docx_sha256 if fmt == "docx" else paper.pdf_sha256
        content = self.store.get(digest or "")
        stem = slugify(paper.title)
        return RenderedFile(content, MEDIA_TYPES[fmt], f"{stem}.{fmt}", paper.title,
                            {"status": paper.status, "sha256": sha256(content)})

    def _copy_file(self, paper: Paper, fmt: str) -> RenderedFile:
        """A copy's PDF: stored once issued; before, drawn with the blanks of its number and
        date (an electronic one unsigned). A copy has no DOCX."""
        if fmt != "pdf":
            raise NotFoundError("bản sao chỉ có tệp PDF")
        if paper.pdf_sha256 is not None:
            content = self.store.get(paper.pdf_sha256)
        else:
            with self.sessions() as s:
                content, _ = copies.copy_pdf_of(self, s, paper, number=None, on=None,
                                                code=None)
        return RenderedFile(content, MEDIA_TYPES[fmt], f"{slugify(paper.title)}.pdf",
                            paper.title, {"status": paper.status, "sha256": sha256(content)})

    def audit_of(self, paper_id: int, actor: Actor) -> list[AuditEntry]:
        with self.sessions() as s:
            self._get(s, paper_id, actor)
            return list(s.execute(select(AuditEntry).where(AuditEntry.paper_id == paper_id)
                                  .order_by(AuditEntry.id)).scalars())

    def by_code(self, code: str) -> Paper | None:
        with self.sessions() as s:
            return s.execute(select(Paper).where(Paper.verify_code == typed_code(code))
                             ).scalar_one_or_none()

    def by_pdf(self, data: bytes) -> Paper | None:
        with self.sessions() as s:
            return s.execute(select(Paper).where(Paper.pdf_sha256 == sha256(data))
                             ).scalars().first()


def _same_name(typed: Any, name: str) -> bool:
    """One agency name typed as the catalog writes it, whatever its case and line breaks."""
    return " ".join(str(typed or "").split()).casefold() == " ".join(name.split()).casefold()


def issuer_name(paper: Paper) -> str:
    """Who issued ``paper``, as the public may be told: the catalog's name of the agency
    that owns it (what a drafter typed vouches for nothing); the typed name only for a
    paper of an issuer the catalog does not know (drafted from the command line)."""
    owner = load_catalog().agency(paper.agency)
    if owner is not None:
        return one_line(owner.name)
    issuer = json.loads(paper.input_json).get("issuer") or {}
    return " ".join(str(issuer.get("name", "")).split())
