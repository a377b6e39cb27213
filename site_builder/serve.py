"""`site-builder serve`: build, serve the output, rebuild and reload the browser on change.

The site is served by a small WSGI app rather than a plain static handler so
that (1) no request can reach a file outside the output folder, (2) the last
good site keeps being served after a failed rebuild, with a banner naming the
error injected into every HTML page, and (3) the base URL prefix is honoured.
"""

from __future__ import annotations

import html
import mimetypes
import socket
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote

from site_builder.build import BuildCache, Options, build
from site_builder.errors import BuildError, Reporter

BANNER_MARK = b"<body>"


class SiteApp:
    """WSGI app serving a built site folder under a base URL."""

    def __init__(self, root: Path, base_url: str = "/"):
        self.root = root.resolve()
        self.base_url = base_url
        self.error: str | None = None

    def resolve(self, raw_path: str) -> Path | None:
        """The file for a request path, or None: never anything outside the root."""
        path = unquote(raw_path)
        if "\x00" in path or "\\" in path:
            return None
        if not path.startswith(self.base_url):
            return None
        rel = path[len(self.base_url):]
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if any(p == ".." for p in parts):
            return None
        target = self.root.joinpath(*parts) if parts else self.root
        if target.is_dir():
            if rel and not rel.endswith("/"):
                return target  # caller redirects to the slash form
            target = target / "index.html"
        try:
            real = target.resolve(strict=True)
        except (FileNotFoundError, RuntimeError, OSError):
            return None
        if real != self.root and self.root not in real.parents:
            return None
        return real if real.is_file() else None

    def banner(self) -> bytes:
        if not self.error:
            return b""
        message = html.escape(self.error)
        return (f'<div class="error-banner" role="alert"><strong>Build failed</strong>; showing the last good site.\n'
                f"{message}</div>").encode()

    def __call__(self, environ, start_response):
        raw = environ.get("PATH_INFO", "/")
        # Tornado's WSGI bridge hands over latin-1 decoded bytes; recover the UTF-8 path.
        try:
            raw = raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        target = self.resolve(raw)
        if target is not None and target.is_dir():
            location = quote(raw + "/")  # a header is ASCII; a UTF-8 slug is percent-encoded
            start_response("301 Moved Permanently", [("Location", location), ("Content-Length", "0")])
            return [b""]
        status = "200 OK"
        if target is None:
            status = "404 Not Found"
            target = self.root / "404.html"
            if not target.is_file():
                body = b"<!doctype html><title>Not found</title><h1>Not found</h1>"
                start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
                return [body]
        body = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            body = body.replace(BANNER_MARK, BANNER_MARK + self.banner(), 1)
        if ctype.startswith("text/") or ctype in ("application/json", "application/javascript", "application/xml"):
            ctype += "; charset=utf-8"
        start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


def free_port(host: str, port: int, tries: int = 20) -> int:
    for candidate in range(port, port + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, candidate))
            except OSError:
                continue
            return candidate
    raise BuildError(f"no free port between {port} and {port + tries - 1} on {host}")


class Rebuilder:
    """Rebuilds on change; a failure keeps the last good output and is shown in the browser."""

    def __init__(self, options: Options, app: SiteApp):
        self.options = options
        self.app = app
        self.cache = BuildCache()

    def __call__(self) -> bool:
        started = time.perf_counter()
        self.cache.read.clear()
        try:
            result = build(self.options, Reporter(), self.cache)
        except Exception as exc:  # any failure must leave the server up with the last good site
            self.app.error = str(exc) if isinstance(exc, BuildError) else f"{type(exc).__name__}: {exc}"
            print(f"rebuild FAILED in {time.perf_counter() - started:.2f} s: {self.app.error}", file=sys.stderr, flush=True)
            return False
        self.app.error = "\n".join(result.errors) or None
        print(self.report(result, time.perf_counter() - started), flush=True)
        return True

    def report(self, result, seconds: float) -> str:
        """One line: what was read again, how much was re-rendered, how long it took."""
        read = self.cache.read
        if not read:
            changed = "no document changed"
        elif len(read) <= 3:
            changed = "read " + ", ".join(read)
        else:
            changed = f"read {len(read)} documents"
        line = f"built in {seconds:.2f} s: {changed}; {result.rendered} of {result.pages} pages rendered"
        if result.errors:
            line += f"; {len(result.errors)} error(s): " + "; ".join(result.errors)
        return line


def serve(options: Options, host: str = "127.0.0.1", port: int = 8000) -> int:
    from livereload import Server

    from site_builder.config import load as load_config, normalize_base_url

    base_url = normalize_base_url(options.base_url) if options.base_url else load_config(options.content / "site.yaml").base_url
    app = SiteApp(options.out, base_url)
    rebuild = Rebuilder(options, app)
    if not rebuild() and not options.out.exists():
        print("the first build failed and there is no earlier site to show; fix the error and save again", file=sys.stderr)
    actual = free_port(host, port)
    if actual != port:
        print(f"port {port} is in use; using {actual} instead", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"WARNING: serving on {host}: other machines on the network can reach this preview", flush=True)
    server = Server(app)
    for folder in (options.content, options.templates_dir(), options.static_dir()):
        server.watch(str(folder), rebuild, delay=0.2)
    print(f"serving {options.out} at http://{host}:{actual}{base_url} (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=actual, restart_delay=0, debug=False)
    return 0
