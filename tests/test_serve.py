"""The preview server: live rebuilds, surviving errors, and a site that works under a prefix."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from bs4 import BeautifulSoup

from site_builder.serve import SiteApp
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(predicate, timeout: float = 5.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    return last


@pytest.fixture
def server(content_copy, tmp_path):
    port = free_port()
    out = tmp_path / "_site"
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--content", str(content_copy), "--out", str(out),
         "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        up = wait_for(lambda: _alive(base), timeout=30)
        assert up, "server did not start"
        yield base, content_copy, proc
    finally:
        stop(proc)


def stop(proc) -> str:
    """Stop the server and return what it printed."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    return proc.communicate(timeout=10)[0]


def _alive(url):
    try:
        return fetch(url)[0] == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def test_serve_rebuilds_on_change_and_survives_a_broken_document(server):
    base, content, proc = server
    article = base + "articles/us-china-tensions-blinken-launches-high-stakes-talks/"
    status, page = fetch(article)
    assert status == 200 and "Written by" not in page

    doc = content / "blinken-launches-high-stakes-talks.txt"
    text = doc.read_text(encoding="utf-8")
    first_break = text.index("\n\n", text.index("Written by"))
    doc.write_text(text[:first_break] + "\n\nA freshly added paragraph about the hotline." + text[first_break:], encoding="utf-8")
    assert wait_for(lambda: "A freshly added paragraph" in fetch(article)[1]), "edit not served within 5 s"

    broken = content / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    page = wait_for(lambda: (lambda p: p if "Build failed" in p else None)(fetch(article)[1]))
    assert page, "no error notice within 5 s"
    assert "broken.md:2" in page and "A freshly added paragraph" in page

    broken.write_text("---\ntitle: Fixed now\n---\nBody text of a fixed document.\n", encoding="utf-8")
    assert wait_for(lambda: "Build failed" not in fetch(article)[1]), "error notice did not clear"
    assert wait_for(lambda: fetch(base + "articles/fixed-now/")[0] == 200)

    printed = stop(proc)  # one line per rebuild, naming what was read again
    assert re.search(r"built in [\d.]+ s: read blinken-launches-high-stakes-talks\.txt; (\d+) of \d+ pages rendered",
                     printed), printed
    assert "rebuild FAILED" in printed or "broken.md:2" in printed
    assert re.search(r"read broken\.md; \d+ of \d+ pages rendered", printed), printed


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served_prefix(tmp_path_factory):
    from tests.conftest import build_site

    out = tmp_path_factory.mktemp("repo") / "_site"
    build_site(out, base_url="/repo/")
    httpd = make_server("127.0.0.1", 0, SiteApp(out, "/repo/"), handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", out
    httpd.shutdown()


def test_crawl_under_a_prefix_finds_no_escape_and_no_404(served_prefix):
    origin, _ = served_prefix
    seen, queue, problems = set(), ["/repo/"], []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, body = fetch(origin + path)
        if status != 200:
            problems.append(f"{path}: {status}")
            continue
        if not (path.endswith("/") or path.endswith(".html")):
            continue
        soup = BeautifulSoup(body, "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("form", "action")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not value:
                    continue
                parts = urlsplit(urljoin(origin + path, value))
                if parts.netloc != urlsplit(origin).netloc:
                    continue
                if not parts.path.startswith("/repo/"):
                    problems.append(f"{path} -> {value} escapes the prefix")
                    continue
                queue.append(parts.path)
    assert problems == []
    assert len(seen) > 40


def test_404_page_links_work_from_a_deep_missing_url(served_prefix):
    origin, _ = served_prefix
    status, body = fetch(origin + "/repo/no/such/deep/page/")
    assert status == 404 and "Page not found" in body
    links = [a["href"] for a in BeautifulSoup(body, "html.parser").find_all("a") if a["href"].startswith("/")]
    assert links
    for href in links:
        assert fetch(origin + href.split("#")[0])[0] == 200, href


def test_publishing_files_are_in_the_output(seed_site):
    import json
    import xml.dom.minidom

    for name in (".nojekyll", "404.html", "sitemap.xml", "robots.txt", "feed.xml"):
        assert (seed_site / name).is_file(), name
    sitemap = xml.dom.minidom.parse(str(seed_site / "sitemap.xml"))
    locs = [n.firstChild.data for n in sitemap.getElementsByTagName("loc")]
    assert all(loc.startswith("https://") for loc in locs) and len(locs) > 30
    feed = xml.dom.minidom.parse(str(seed_site / "feed.xml"))
    assert len(feed.getElementsByTagName("entry")) == 4  # the undated article has no place in a feed
    assert "Sitemap: https://" in (seed_site / "robots.txt").read_text()
    for page in seed_site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="canonical")["href"].startswith("https://")
        assert soup.title.string and soup.find("meta", attrs={"name": "description"})
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            assert data["@type"] in ("Article", "Person", "DefinedTerm")


def test_pages_workflow_uses_the_standard_actions():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(s.startswith(action + "@") for s in steps), action


SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"
TRAVERSALS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt",
    "/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/static/../../secret.txt",
    "/static/%2e%2e/%2e%2e/secret.txt", "/..%252fsecret.txt", "/%252e%252e/secret.txt", "//secret.txt",
    "/./../secret.txt", "/%00/../secret.txt", "/leak.txt", "/leakdir/secret.txt", "/leakdir/",
    "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
]


def raw_request(port: int, target: str) -> tuple[int, bytes]:
    """Send the request line as given, with no client-side normalisation."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


def test_dev_server_never_serves_a_file_outside_the_site(server):
    base, content, _ = server
    out = content.parent / "_site"
    (content.parent / "secret.txt").write_text(SECRET, encoding="utf-8")
    (out / "leak.txt").symlink_to(content.parent / "secret.txt")
    (out / "leakdir").symlink_to(content.parent, target_is_directory=True)
    port = urlsplit(base).port
    assert raw_request(port, "/")[0] == 200
    for target in TRAVERSALS + [f"http://127.0.0.1:{port}/../secret.txt"]:
        status, data = raw_request(port, target)
        assert SECRET.encode() not in data and b"root:x:0:0" not in data, target
        assert status in (400, 404), (target, status)


def test_dev_server_binds_loopback_and_warns_when_exposed(content_copy, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--content", str(content_copy), "--out", str(tmp_path / "_site"),
         "--port", str(port), "--host", "0.0.0.0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert wait_for(lambda: _alive(f"http://127.0.0.1:{port}/"), timeout=30), "server did not start"
    finally:
        printed = stop(proc)
    assert "WARNING: serving on 0.0.0.0: other machines on the network can reach this preview" in printed
    from site_builder.cli import parser

    assert parser().parse_args(["serve"]).host == "127.0.0.1"
