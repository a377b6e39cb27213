"""`site-builder serve`: build, serve the output, rebuild and reload the browser on change.

The site is served by a small app rather than a plain static handler so that
(1) no request can reach a file outside the output folder, (2) the last good
site keeps being served after a failed rebuild, with a banner naming the error
injected into every HTML page, and (3) the base URL prefix is honoured.
Rebuilds run in a background thread, so pages keep being served during one.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import get_watcher_class
from tornado import httputil, web
from tornado.ioloop import IOLoop

from site_builder.build import BuildCache, Options, build
from site_builder.errors import BuildError, Reporter, log

BANNER_MARK = b"<body>"
SCRIPT_MARK = b"</head>"
ALLOW = "GET, HEAD"
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
Response = tuple[str, list[tuple[str, str]], bytes]


def _page(title: str) -> bytes:
    return f"<!doctype html><title>{title}</title><h1>{title}</h1>".encode()


class SiteApp:
    """WSGI app serving a built site folder under a base URL; `respond` is the same without WSGI."""

    def __init__(self, root: Path, base_url: str = "/"):
        self.root = root.resolve()
        self.base_url = base_url
        self.base = [unquote(s) for s in base_url.split("/") if s]
        self.error: str | None = None
        self.script = b""  # injected before </head>: the live-reload client

    def __call__(self, environ, start_response):
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if raw:
            path, decoded = raw.partition("?")[0], False
        else:  # the server has decoded PATH_INFO once: a %2F can no longer be told from a /
            path, decoded = environ.get("PATH_INFO", "/"), True
        status, headers, body = self.respond(environ.get("REQUEST_METHOD", "GET"), path, decoded)
        start_response(status, headers)
        return [body]

    def respond(self, method: str, path: str, decoded: bool = False) -> Response:
        """The reply to a request; `path` is the request's bytes as latin-1, as HTTP servers pass it."""
        if method not in ("GET", "HEAD"):
            return self.reply(method, "405 Method Not Allowed", "405.html", _page("Method not allowed"),
                              [("Allow", ALLOW)])
        if not path.startswith("/"):  # the absolute form, http://host/path
            path = urlsplit(path).path or "/"
        segments = self.segments(path, decoded)
        if segments is None:
            return self.reply(method, "400 Bad Request", "400.html", _page("Bad request"))
        parts = self.locate(segments)
        target = self.inside(self.root.joinpath(*parts)) if parts is not None else None
        if target is not None and os.path.isdir(target):
            if not path.endswith("/"):
                # Built from the cleaned segments, so it is always one path on this host, never //host.
                location = "/" + "".join(quote(s, safe="") + "/" for s in self.base + parts)
                return self.reply(method, "301 Moved Permanently", "", b"", [("Location", location)])
            target = self.inside(target / "index.html")
        body = self.read(target)
        if body is not None:
            return self.reply(method, "200 OK", target.name, body)
        body = self.read(self.root / "404.html")
        return self.reply(method, "404 Not Found", "404.html", _page("Not found") if body is None else body)

    @staticmethod
    def segments(path: str, decoded: bool) -> list[str] | None:
        """The path's segments, each percent-decoded exactly once, so that %2F stays inside its
        segment and %252F becomes %2F, never /; None if the path is not percent-encoded UTF-8."""
        if not decoded and BAD_ESCAPE.search(path):
            return None
        try:
            raw = [s.encode("latin-1") for s in path.split("/")]
            return [(s if decoded else unquote_to_bytes(s)).decode("utf-8") for s in raw]
        except UnicodeError:
            return None

    def locate(self, segments: list[str]) -> list[str] | None:
        """The segments of a file path under the root, or None if the request is outside the base URL
        or names no file that can be inside it. Repeated slashes count as one."""
        parts = [s for s in segments if s not in ("", ".")]
        if parts[:len(self.base)] != self.base:
            return None
        parts = parts[len(self.base):]
        if any(p == ".." or "/" in p or "\\" in p or "\x00" in p for p in parts):
            return None
        return parts

    def inside(self, path: Path) -> Path | None:
        """The real path of an existing `path` if it is inside the root (symlinks followed), else None."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # missing, a name too long, a symlink loop
            return None
        return real if real == self.root or self.root in real.parents else None

    @staticmethod
    def read(path: Path | None) -> bytes | None:
        try:
            return path.read_bytes() if path is not None else None
        except OSError:  # a folder, or gone since it was resolved: a rebuild swapped the site in
            return None

    def banner(self) -> bytes:
        if not self.error:
            return b""
        message = html.escape(self.error)
        return (f'<div class="error-banner" role="alert"><strong>Build failed</strong>; showing the last good site.\n'
                f"{message}</div>").encode()

    def reply(self, method: str, status: str, name: str, body: bytes, headers=()) -> Response:
        """Status, headers and body; HEAD gets the headers of GET, Content-Length included, and no body."""
        headers = list(headers)
        if name:
            ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if ctype == "text/html":
                body = body.replace(BANNER_MARK, BANNER_MARK + self.banner(), 1)
                body = body.replace(SCRIPT_MARK, self.script + SCRIPT_MARK, 1)
            if ctype.startswith("text/") or ctype in ("application/json", "application/javascript", "application/xml"):
                ctype += "; charset=utf-8"
            headers.append(("Content-Type", ctype))
        headers += [("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
        return status, headers, b"" if method == "HEAD" else body


class SiteHandler(web.RequestHandler):
    """Serves a SiteApp from tornado. Tornado's WSGI bridge would percent-decode the whole path
    (turning %2F into /) and send a body after HEAD, so the request is handed over as it came."""

    def initialize(self, app: SiteApp) -> None:
        self.app = app

    def prepare(self) -> None:
        status, headers, body = self.app.respond(self.request.method, self.request.path)
        code, reason = status.split(" ", 1)
        self.set_status(int(code), reason)  # for the access log
        connection = self.request.connection
        connection.write_headers(httputil.ResponseStartLine("HTTP/1.1", int(code), reason),
                                 httputil.HTTPHeaders(headers), chunk=body)
        connection.finish()
        self._finished = True
        # Browsers ask for /favicon.ico on their own; a site without one would get a WARNING line on
        # every first visit, which reads like a fault in the site.
        if not (code == "404" and self.request.path == "/favicon.ico"):
            self.application.log_request(self)
        self.on_finish()

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 405:  # a method tornado itself does not know
            self.set_header("Allow", ALLOW)
        super().write_error(status_code, **kwargs)


class LiveServer(Server):
    """livereload's server with SiteHandler for the site."""

    def _setup_logging(self):
        # livereload would add a handler of its own to the `livereload` and `tornado` loggers, so
        # every line the root handler (cli.py) also prints came out twice. Its INFO lines ("Serving
        # on", "Running task", "Reload 0 waiters") repeat what serve() and the rebuild line say;
        # its warnings and errors still reach the root handler, once.
        logging.getLogger("livereload").setLevel(logging.WARNING)

    def get_web_handlers(self, script):
        self.app.script = script
        return [(r".*", SiteHandler, {"app": self.app})]


class QuietWatcher(get_watcher_class()):
    """Runs the watch callbacks but never reloads the browser itself: the rebuild thread does,
    once the new site is in place."""

    def examine(self):
        filepath, delay = super().examine()
        return (filepath, delay) if filepath == "__livereload__" else (None, None)


def free_port(host: str, port: int, tries: int = 20) -> int:
    for candidate in range(port, port + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, candidate))
            except OSError:
                continue
            return candidate
    raise BuildError(f"no free port between {port} and {port + tries - 1} on {host}")


def _names(verb: str, names: list[str]) -> str:
    return f"{verb} " + (", ".join(names) if len(names) <= 3 else f"{len(names)} documents")


class _SilentReporter(Reporter):
    """Collects warnings and prints nothing, not even the count of those held back."""

    def flush(self) -> None:
        pass


class Rebuilder:
    """Rebuilds on change; a failure keeps the last good output and is shown in the browser."""

    def __init__(self, options: Options, app: SiteApp, notify: Callable[[], None] = lambda: None):
        self.options = options
        self.app = app
        self.notify = notify  # called from the build thread after the last queued build
        self.cache = BuildCache()
        self.sources: set[str] | None = None  # the documents of the site being served
        self.warnings: set[str] | None = None  # those of the last build, all printed by then
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def __call__(self) -> bool:
        started = time.perf_counter()
        self.cache.read.clear()
        # The first build prints its warnings; a rebuild prints only those the change brought, as
        # the same warnings on every save would bury the one line a rebuild prints.
        reporter = Reporter() if self.warnings is None else _SilentReporter(quiet=True)
        try:
            result = build(self.options, reporter, self.cache)
        except Exception as exc:  # any failure must leave the server up with the last good site
            self.app.error = str(exc) if isinstance(exc, BuildError) else f"{type(exc).__name__}: {exc}"
            print(f"rebuild FAILED in {time.perf_counter() - started:.2f} s: {self.app.error}", file=sys.stderr, flush=True)
            return False
        self.app.error = "\n".join(result.errors) or None
        before, self.sources = self.sources, {a.doc.source for a in result.corpus.articles}
        if self.warnings is not None:
            new = [w for w in result.warnings if w not in self.warnings]
            for warning in new[:reporter.limit]:
                log.warning(warning)
            if len(new) > reporter.limit:
                log.warning(f"{len(new) - reporter.limit} more new warnings (`site-builder build` lists them all)")
        self.warnings = set(result.warnings)
        print(self.report(result, time.perf_counter() - started, before), flush=True)
        return True

    def start(self) -> None:
        """Rebuild in a background thread, one build at a time; a change during a build gets one
        more build after it, which sees every change made meanwhile."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, name="rebuild", daemon=True).start()

    def _run(self) -> None:
        again = True
        while again:
            self()
            with self._lock:
                again, self._again = self._again, False
                self._running = again
        self.notify()

    def report(self, result, seconds: float, before: set[str] | None = None) -> str:
        """One line: documents added, removed and read again, how much was re-rendered, how long it took."""
        added = sorted(self.sources - before) if before is not None else []
        removed = sorted(before - self.sources) if before is not None else []
        read = [rel for rel in self.cache.read if rel not in added]
        changes = [_names(verb, names)
                   for verb, names in (("added", added), ("removed", removed), ("read", read)) if names]
        line = f"built in {seconds:.2f} s: {'; '.join(changes) or 'no document changed'}; "
        line += f"{result.rendered} of {result.pages} pages rendered"
        if result.errors:
            line += f"; {len(result.errors)} error(s): " + "; ".join(result.errors)
        return line


def serve(options: Options, host: str = "127.0.0.1", port: int = 8000) -> int:
    from site_builder.config import load as load_config, normalize_base_url

    base_url = normalize_base_url(options.base_url) if options.base_url else load_config(options.content / "site.yaml").base_url
    app = SiteApp(options.out, base_url)
    loop = IOLoop.current()  # the loop livereload's server runs; the build thread hands it the reload
    rebuild = Rebuilder(options, app, lambda: loop.add_callback(LiveReloadHandler.reload_waiters, "*"))
    if not rebuild() and not options.out.exists():
        print("the first build failed and there is no earlier site to show; fix the error and save again", file=sys.stderr)
    actual = free_port(host, port)
    if actual != port:
        print(f"port {port} is in use; using {actual} instead", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"WARNING: serving on {host}: other machines on the network can reach this preview", flush=True)
    server = LiveServer(app, QuietWatcher())
    for folder in (options.content, options.templates_dir(), options.static_dir()):
        server.watch(str(folder), rebuild.start)
    print(f"serving {options.out} at http://{host}:{actual}{base_url} (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=actual, restart_delay=0, debug=False)
    return 0
