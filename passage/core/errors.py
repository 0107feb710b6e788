"""Domain errors raised by services. The API turns them into problem documents and pages into
form errors, so a rule is stated once, in the service."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action. `field` names the input at fault, when there is one."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    """The actor may see the object but lacks the role for this action."""

    status = 403


class ConflictError(DomainError):
    """The action clashes with the current state (a duplicate, a concurrent change)."""

    status = 409
