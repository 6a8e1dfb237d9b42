"""Errors and their messages, as constants that views show and tests assert on."""

from __future__ import annotations

from assembly.pool_csv import RowProblem

CODE_REQUIRED = "Enter the invitation code from your letter."
CODE_UNKNOWN = "We did not send this invitation code. Check the letter and try again."
CODE_USED = "This invitation code has already been used."
RECRUITMENT_CLOSED = "This assembly is not taking volunteers at the moment."
ALREADY_VOLUNTEERED = "Someone has already volunteered for this assembly with this email address."
ID_IN_POOL = "The id {id!r} is already in this assembly's pool."
CONTACT_REPEATED = "The email address {email!r} is used again (first on row {first})."
CONTACT_IN_POOL = "The email address {email!r} is already in this assembly's pool."
BAD_EMAIL = "{email!r} is not a valid email address."
CATEGORY_MISMATCH = (
    "The pool already uses the categories {known}; the categories file has {found}. "
    "Import people with the same categories."
)
INFEASIBLE_QUOTAS = (
    "No panel of {size} can meet these quotas. The smallest change that makes one possible:"
)
NO_CATEGORIES = "Set up the selection categories and quotas before drawing a panel."
NO_SUPPORT_FOR_SEED = "A transparent draw is picked with a public random number, not a seed."
PUBLIC_NUMBER_NEEDED = "Enter the public random number (for example the dice total)."
NOT_READY = "This draw is not ready: it is {status}."
ALREADY_DRAWN = "A panel has already been drawn for this assembly; draw replacements instead."
NOT_PUBLISHABLE = "Only a drawn panel, or a transparent lottery before its draw, can be published."
TOKEN_INVALID = "This invitation link is not valid or has already been used."  # noqa: S105
NOT_FREED = "Only a member who declined or withdrew can be replaced."
ALREADY_REPLACED = "A replacement has already been drawn for this member."
ADDRESS_COLUMNS = "The address list needs an {column!r} column."
SAMPLE_TOO_BIG = "The list has {available} distinct addresses; you asked for {count}."


class AssemblyError(Exception):
    """An action on an assembly cannot be done; the message says why."""

    @property
    def messages(self) -> list[str]:
        """The message as lines a page lists, one error each."""
        return [str(self)]


class InfeasibleQuotas(AssemblyError):
    """No panel can meet the quotas; ``changes`` is the smallest fix, each with its reasons.

    ``changes`` are :class:`assembly.selection.QuotaChange` objects (plain data).
    """

    def __init__(self, message: str, *, panel_size: int, changes):
        super().__init__(message)
        self.panel_size = panel_size
        self.changes = list(changes)

    @property
    def messages(self) -> list[str]:
        """A heading line, then one sentence per change, in the organiser's words."""
        lines = [INFEASIBLE_QUOTAS.format(size=self.panel_size)]
        for change in self.changes:
            text = change.change[:1].upper() + change.change[1:]
            lines.append(f"{text}: {'; '.join(change.reasons)}." if change.reasons else f"{text}.")
        return lines


class InvitationCodeError(AssemblyError):
    pass


class PoolImportRejected(AssemblyError):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
