"""The small exception hierarchy of docgen; each class carries the HTTP status and exit code
it maps to, so the edges (API, web pages, CLI) translate errors in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field: ``loc`` is the path (``("signer", "name")``)."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    @property
    def path(self) -> str:
        """Dotted path as a clerk reads it: ``individuals.2.name`` (rows counted from 1)."""
        return ".".join(str(p) for p in self.loc) if self.loc else "(toàn bộ dữ liệu)"

    def as_dict(self) -> dict[str, Any]:
        return {"loc": list(self.loc), "msg": self.msg, "type": self.type}


class DocgenError(Exception):
    """Base of every error docgen raises on purpose."""

    status_code = 500
    exit_code = 1

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message}


class InputError(DocgenError):
    """The input cannot be used as it is; carries field-level errors (HTTP 422, exit 2)."""

    status_code = 422
    exit_code = 2

    def __init__(self, errors: list[FieldError], message: str = "Dữ liệu không hợp lệ") -> None:
        super().__init__(message)
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {"errors": [e.as_dict() for e in self.errors]}

    def lines(self) -> list[str]:
        """One line per problem, ``path: message``, for the command line."""
        return [f"{e.path}: {e.msg}" for e in self.errors]


class NotFoundError(DocgenError):
    """A kind, paper, batch or file that does not exist (HTTP 404)."""

    status_code = 404
    exit_code = 2


class UnauthorizedError(DocgenError):
    """Nobody is signed in, or the API token is missing, wrong or expired (HTTP 401)."""

    status_code = 401
    exit_code = 2


class ForbiddenError(DocgenError):
    """The signed-in user's roles do not allow the action (HTTP 403)."""

    status_code = 403
    exit_code = 2


class ConflictError(DocgenError):
    """The request clashes with the registry's state, e.g. a number already used (HTTP 409)."""

    status_code = 409
    exit_code = 2


class TooLargeError(DocgenError):
    """An upload or body over a configured limit (HTTP 413)."""

    status_code = 413
    exit_code = 2


class ConfigError(DocgenError):
    """A setting names something that cannot be used: an unknown database driver, a missing
    emblem file. Reported in one line when the app or command starts, never as a traceback."""

    exit_code = 2


class TemplateError(DocgenError):
    """A template is missing or asks for a name the schema does not give."""


class RenderError(DocgenError):
    """A renderer failed on input that passed validation: a bug, reported without a traceback."""
