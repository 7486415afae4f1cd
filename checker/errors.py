"""Exit codes and the one exception type that carries a message for people.

Every failure a user can cause (bad file, bad pack, bad option) is raised as
CheckerError with a Chinese message; the CLI turns it into one stderr line and
exit code 2. Anything else is a bug, and still never exits 0.
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class CheckerError(Exception):
    """A problem the user can fix, described in Chinese."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UnreadableDocument(CheckerError):
    """The input file could not be turned into text."""


class PackError(CheckerError):
    """A rule pack is missing, malformed or inconsistent."""
