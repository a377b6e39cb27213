"""Jinja2 rendering: autoescape on, StrictUndefined, every URL under the base URL."""

from __future__ import annotations

import hashlib
import traceback
from pathlib import Path

from jinja2 import (Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError,
                    select_autoescape)
from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.errors import BuildError
from site_builder.linkify import NameLinker


def sanitized(value: str) -> Markup:
    """Mark reader output as HTML. Only `sanitize.inline_html`/`text_html` produce
    `Passage.html`, so this is the one place document HTML becomes markup."""
    return Markup(value)


MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def format_date(date) -> str:
    if date is None:
        return "Date unknown"
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def month_year(date) -> str:
    """"June 2023": how a credit line dates a quotation."""
    if date is None:
        return "date unknown"
    return f"{MONTHS[date.month - 1]} {date.year}" if date.month else str(date.year)


# What a reader calls each kind of document; readers and front matter name them in code words.
KIND_LABELS = {"roundup": "Experts react", "qa": "Q&A", "news": "News", "conversation": "Conversation",
               "transcript": "Transcript", "interview": "Interview", "podcast": "Podcast", "panel": "Panel",
               "page": "Article", "analysis": "Analysis", "opinion": "Opinion", "essay": "Essay"}
ROLE_LABELS = {"expert": "Expert", "official": "Official", "author": "Reporter", "host": "Host",
               "moderator": "Moderator", "interviewer": "Interviewer", "other": "Quoted"}


def kind_label(kind: str | None) -> str:
    kind = (kind or "").strip().lower()
    return KIND_LABELS.get(kind) or kind.replace("-", " ").replace("_", " ").capitalize() or "Article"


def role_label(role: str | None) -> str:
    role = (role or "").strip().lower()
    return ROLE_LABELS.get(role) or role.replace("-", " ").capitalize() or "Quoted"


def groupby_ordered(items, path: str) -> list[tuple]:
    """Consecutive items sharing the value at `path` ("doc.date.year"), in their own order:
    jinja's groupby sorts, which would put the oldest year first on a newest-first page."""
    groups: list[tuple] = []
    for item in items:
        value = item
        for part in path.split("."):
            value = getattr(value, part)
        if groups and groups[-1][0] == value:
            groups[-1][1].append(item)
        else:
            groups.append((value, [item]))
    return groups


class Renderer:
    def __init__(self, templates_dir: Path, static_dir: Path, config: SiteConfig):
        self.config = config
        self.templates_dir = templates_dir
        self.static_dir = static_dir
        self._asset_versions: dict[str, str] = {}
        self.env = Environment(
            loader=FileSystemLoader(str(templates_dir)),
            autoescape=select_autoescape(["html", "xml", "j2"], default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["sanitized"] = sanitized
        self.env.filters["link_people"] = self.link_people
        self._linkers: dict[str, NameLinker] = {}
        self.env.filters.update(date=format_date, month_year=month_year, kind_label=kind_label,
                                role_label=role_label, groupby_ordered=groupby_ordered)
        self.env.globals.update(site=config, url=self.url, asset=self.asset, absolute=self.absolute)

    def url(self, path: str = "") -> str:
        """Site-relative path ('articles/x/') to a URL under the base URL ('/repo/articles/x/')."""
        return self.config.base_url + path.lstrip("/")

    def absolute(self, path: str = "") -> str:
        """Full URL from the configured site address, or the base-URL path when none is set."""
        if not self.config.url:
            return self.url(path)
        return self.config.url + path.lstrip("/")

    def asset(self, path: str) -> str:
        """URL of a static file with a content hash, so browsers never keep a stale copy."""
        version = self._asset_versions.get(path)
        if version is None:
            file = self.static_dir / path
            version = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file.is_file() else "0"
            self._asset_versions[path] = version
        return f"{self.url('static/' + path)}?v={version}"

    def link_people(self, fragment: str, article) -> str:
        """Passage HTML with the article's experts' names linked to their pages."""
        linker = self._linkers.get(article.slug)
        if linker is None:
            linker = NameLinker({name: self.url(p.path) for p in article.experts for name in (p.name, *p.aliases)})
            self._linkers[article.slug] = linker
        return linker(fragment)

    def render(self, template: str, **context) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except TemplateNotFound as exc:
            raise BuildError(f"template not found: {exc.name} (in {self.templates_dir}, rendering {template})") from None
        except TemplateSyntaxError as exc:
            where = self._where(exc.filename, exc.lineno) if exc.filename else f"{exc.name or template}:{exc.lineno}"
            raise BuildError(f"{where}: template syntax error: {exc.message}") from None
        except BuildError:
            raise
        except Exception as exc:  # noqa: BLE001 - a template's runtime error, located for the user
            raise BuildError(f"{self._frame(exc) or template}: template error while rendering {template}: "
                             f"{type(exc).__name__}: {exc}") from None

    def _where(self, filename: str, line: int | None) -> str:
        path = Path(filename)
        try:
            path = path.resolve().relative_to(self.templates_dir.resolve().parent)
        except ValueError:
            pass
        return f"{path.as_posix()}:{line}" if line else path.as_posix()

    def _frame(self, exc: BaseException) -> str | None:
        # Jinja rewrites tracebacks so that template frames carry the template's file and line.
        root = str(self.templates_dir.resolve())
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if str(Path(f.filename).resolve()).startswith(root)]
        return self._where(frames[-1].filename, frames[-1].lineno) if frames else None
