"""Errors and warnings that name the file (and line) they are about."""

from __future__ import annotations

import logging

log = logging.getLogger("site_builder")


class BuildError(Exception):
    """A problem that stops the build; `str()` is the message shown to the user."""


class SourceError(BuildError):
    """A problem in one input file, located by path and (when known) line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class Reporter:
    """Collects warnings, printing each distinct one once (like Pelican's LimitFilter)."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._seen: set[str] = set()

    def warn(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        text = where + message
        if text in self._seen:
            return
        self._seen.add(text)
        self.warnings.append(text)
        log.warning(text)
