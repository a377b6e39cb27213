"""Browser fixtures: the seed site built into tmp folders and served over HTTP on 127.0.0.1.

Chromium comes from Debian (`playwright install` needs a network we do not have).
Without it the tests skip locally, but fail on CI, which must run them.
"""

from __future__ import annotations

import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.build import Options, build
from tests.conftest import CONTENT

CHROMIUM = Path("/usr/bin/chromium")
MISSING = "browser tests need Chromium: apt-get install -y --no-install-recommends chromium"
# Root in a container, no network: no sandbox, and nothing that phones home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING, pytrace=False)
        pytest.skip(MISSING)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


class _PrefixHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under `prefix`, as GitHub Pages serves a project site; 404 elsewhere."""

    prefix = "/"

    def translate_path(self, path):
        target = urlsplit(path).path
        if not target.startswith(self.prefix):
            return os.path.join(self.directory, "-outside-the-prefix-", "missing")
        return super().translate_path("/" + target[len(self.prefix):])

    def log_message(self, format, *args):  # keep test output readable
        pass


def serve(site: Path, prefix: str):
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session", params=["/", "/prefix/"], ids=["root", "prefix"])
def site_url(request, tmp_path_factory):
    """URL of the served seed site, at the root and under /prefix/ (a --base-url build)."""
    prefix = request.param
    out = tmp_path_factory.mktemp("browser-site") / "_site"
    build(Options(content=CONTENT, out=out, base_url=None if prefix == "/" else prefix))
    server, url = serve(out, prefix)
    yield url
    server.shutdown()
    server.server_close()
