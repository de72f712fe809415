"""The one domain error of the portal, and its two special cases.

A service that refuses a request raises `DomainError` with a message for the user, written in
the active language; the view shows it as a form or page message. Nothing else is needed to
turn a broken rule into a clear answer.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; `message` says which, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EditConflict(DomainError):
    """Someone else saved the same row since this user opened it (HTTP 409)."""


class InvalidTransition(DomainError):
    """The row is not in a state that allows the requested step."""
