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


def yaml_error(path, exc, what: str = "YAML", first_line: int = 1) -> SourceError:
    """A PyYAML error as a SourceError naming the file and the line in it where the parser
    stopped, and the line where the unclosed construct began when that is elsewhere.
    `first_line` is the file line of the YAML text's first line (2 for front matter)."""
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = mark.line + first_line if mark is not None else None
    message = f"malformed {what}: {problem}"
    if context is not None and getattr(exc, "context", None) and context.line + first_line != line:
        message += f" ({exc.context} on line {context.line + first_line})"
    return SourceError(str(path), message, line)


class Reporter:
    """Collects warnings, printing each distinct one once, and the same message about many
    files only `limit` times, then a count (like Pelican's LimitFilter): a corpus of
    thousands of undated documents gets five lines, not thousands."""

    def __init__(self, limit: int = 5, quiet: bool = False) -> None:
        self.warnings: list[str] = []
        self.records: list[tuple[str, str | None, int | None]] = []  # for replay in another process
        self.limit = limit
        self.quiet = quiet
        self._seen: set[str] = set()
        self._by_message: dict[str, int] = {}

    def warn(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        text = where + message
        if text in self._seen:
            return
        self._seen.add(text)
        self.warnings.append(text)
        self.records.append((message, path, line))
        count = self._by_message[message] = self._by_message.get(message, 0) + 1
        if count <= self.limit and not self.quiet:
            log.warning(text)

    def replay(self, records) -> None:
        """Warnings collected by a quiet Reporter in a worker process, in their order."""
        for message, path, line in records:
            self.warn(message, path, line)

    def flush(self) -> None:
        """Say how many warnings the limit held back, once per message."""
        for message, count in self._by_message.items():
            if count > self.limit:
                log.warning(f"{count - self.limit} more files: {message}")
        self._by_message = {m: min(c, self.limit) for m, c in self._by_message.items()}
