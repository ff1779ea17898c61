"""Who is asking: the ``Actor`` of a request (signed-in user or API token) or of a command
line run, and the checks every service call makes with it.

Each face finds its actor (the HTTP face from the session or token,
``docgen.http.actor``; the command line the system actor) and passes it to every service
call; services check it with ``actor.can(Perm.X)`` and ``check_agency(actor, agency)``. Another agency's
object answers 404, not 403, so its existence is not told.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from docgen.errors import NotFoundError
from docgen.services.accounts.permissions import Perm, permissions_of


@dataclass(frozen=True)
class Actor:
    login: str
    name: str
    #: Agency code (the catalog's ``agencies[].code``); None only for the system actor.
    agency: str | None
    roles: frozenset[str] = frozenset()
    user_id: int | None = None
    ip: str | None = None
    #: The command line run by an operator on the server: every permission, every agency.
    system: bool = False
    #: Acting with an API token someone else (an administrator) minted: their login.
    minted_by: str | None = None
    #: The unit (đơn vị) of the agency the user works in, if any (a round's nominations).
    unit: str | None = None
    perms: frozenset[Perm] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "perms", frozenset(Perm) if self.system
                           else permissions_of(self.roles))

    def can(self, perm: Perm) -> bool:
        return perm in self.perms

    @property
    def sees_all(self) -> bool:
        """Does this actor see the objects of every agency (an administrator, the command
        line)? Seeing is not acting: ``acts_on`` stays with the actor's own agency."""
        return self.system or self.can(Perm.ALL_AGENCIES)

    def sees(self, agency: str | None) -> bool:
        """May this actor see objects of ``agency``?"""
        return self.sees_all or (self.agency is not None and agency == self.agency)

    def acts_on(self, agency: str | None) -> bool:
        """May this actor change objects of ``agency``? (seeing all is not acting on all)"""
        return self.system or (self.agency is not None and agency == self.agency)


def system_actor() -> Actor:
    """The actor of a command run on the server without an account (``cli:<os user>``)."""
    return Actor(login=f"cli:{getpass.getuser()}", name="dòng lệnh", agency=None, system=True)


def check_agency(actor: Actor, agency: str | None, *, act: bool = False,
                 what: str = "không tìm thấy") -> None:
    """404 unless ``actor`` may see (or, with ``act``, change) objects of ``agency``."""
    ok = actor.acts_on(agency) if act else actor.sees(agency)
    if not ok:
        raise NotFoundError(what)
