"""The preview server: live rebuilds, surviving errors, and a site that works under a prefix."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import re
import shutil
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

from site_builder import serve
from site_builder.build import Options
from site_builder.errors import BuildError
from site_builder.serve import Rebuilder, SiteApp
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
        # No disk cache: one kept from an earlier run already holds the edited documents, and a
        # rebuild would then report them as unchanged.
        [sys.executable, "-m", "site_builder", "serve", "--content", str(content_copy), "--out", str(out),
         "--port", str(port), "--no-cache"],
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
    assert re.search(r"added broken\.md; \d+ of \d+ pages rendered", printed), printed  # now on the site


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


PUBLIC_URL = "https://blinken-research.github.io/site_builder/"


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The seed site as a deploy builds it: with the public address the shipped site.yaml leaves out."""
    import shutil

    from site_builder.build import build

    folder = tmp_path_factory.mktemp("published")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"url: {PUBLIC_URL}\n", encoding="utf-8")
    build(Options(content=content, out=folder / "_site"))
    return folder / "_site"


def test_publishing_files_are_in_the_output(published_site):
    import json
    import xml.dom.minidom

    for name in (".nojekyll", "404.html", "sitemap.xml", "robots.txt", "feed.xml"):
        assert (published_site / name).is_file(), name
    sitemap = xml.dom.minidom.parse(str(published_site / "sitemap.xml"))
    locs = [n.firstChild.data for n in sitemap.getElementsByTagName("loc")]
    assert all(loc.startswith(PUBLIC_URL) for loc in locs) and len(locs) > 30
    feed = xml.dom.minidom.parse(str(published_site / "feed.xml"))
    assert len(feed.getElementsByTagName("entry")) == 4  # the undated article has no place in a feed
    assert f"Sitemap: {PUBLIC_URL}" in (published_site / "robots.txt").read_text()
    for page in published_site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="canonical")["href"].startswith(PUBLIC_URL)
        assert soup.title.string and soup.find("meta", attrs={"name": "description"})
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            assert data["@type"] in ("Article", "Person", "DefinedTerm")


def test_the_demo_site_points_at_no_made_up_address(seed_site):
    # The shipped site.yaml has no url: links stay on whatever host serves the site.
    for page in seed_site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("link", rel="canonical")["href"].startswith("/"), page
    for path in seed_site.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json"):
            assert "example.github.io" not in path.read_text(encoding="utf-8"), path


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


def raw_request(port: int, target: str, method: str = "GET") -> tuple[int, bytes]:
    """Send the request line as given, with no client-side normalisation."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
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


def split_reply(data: bytes) -> tuple[dict[str, str], bytes]:
    """The headers (names in lower case) and body of a raw reply."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}, body


def test_head_is_answered_like_get_without_a_body(server):
    base, _, proc = server
    port = urlsplit(base).port
    for target in ("/", "/articles/", "/articles", "/sitemap.xml", "/static/", "/no/such/page"):
        get_status, get_data = raw_request(port, target)
        head_status, head_data = raw_request(port, target, "HEAD")
        get_headers, get_body = split_reply(get_data)
        head_headers, head_body = split_reply(head_data)
        assert head_status == get_status and head_body == b"", target
        assert int(get_headers["content-length"]) == len(get_body), target
        for name in ("content-type", "content-length", "location", "cache-control"):
            assert head_headers.get(name) == get_headers.get(name), (target, name)
    assert "Traceback" not in stop(proc)


def test_other_methods_get_405_and_the_allowed_ones(server):
    base, _, _ = server
    port = urlsplit(base).port
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "BREW"):
        status, data = raw_request(port, "/", method)
        assert status == 405, method
        assert split_reply(data)[0]["allow"] == "GET, HEAD", method
    assert raw_request(port, "/")[0] == 200


NOT_FOUND = [
    "/" + "a" * 256, "/articles/" + "b" * 1000 + "/", "/" + "/".join(["c" * 255] * 40), "/%C3%A9" + "d" * 300,
    "/%00", "/a%00b/", "/articles/%00/", "/..", "/./..", "/articles/../../..", "/" + "%2e%2e/" * 10,
    "/" + "/" * 1000 + "articles" + "x" * 300, "/static/" + "..%2f" * 5 + "etc/passwd",
]
UNDECODABLE = ["/%", "/%zz", "/articles/%4", "/%e9", "/%C3", "/\xff", "/caf\xe9/"]


def test_odd_paths_get_404_or_400_and_never_an_error(server):
    base, _, proc = server
    port = urlsplit(base).port
    for target in NOT_FOUND:
        status, data = raw_request(port, target)
        assert status == 404 and b"Page not found" in data, target[:80]
    for target in UNDECODABLE:
        assert raw_request(port, target)[0] == 400, target
    assert raw_request(port, "/" * 1000)[0] == 200  # repeated slashes count as one
    printed = stop(proc)
    assert "Traceback" not in printed and " 500 " not in printed, printed[-3000:]


def test_redirects_stay_on_this_host(server):
    base, _, _ = server
    port = urlsplit(base).port
    expected = {"/articles": "/articles/", "//articles": "/articles/", "///articles": "/articles/",
                "/./articles": "/articles/", "//articles/.": "/articles/", "http://evil.example//articles": "/articles/"}
    for target, location in expected.items():
        status, data = raw_request(port, target)
        assert (status, split_reply(data)[0].get("location")) == (301, location), target
    for target in ("//evil.example", "//evil.example/", "/%2Fevil.example", "/%5Cevil.example", "/\\evil.example",
                   "//%2F%2Fevil.example"):
        status, data = raw_request(port, target)
        location = split_reply(data)[0].get("location", "/")
        assert status in (301, 404) and location.startswith("/") and location[1:2] not in ("/", "\\"), target


def test_redirects_under_a_prefix_collapse_slashes(prefixed_site):
    app = SiteApp(prefixed_site, "/some/prefix/")
    for target, location in (("/some/prefix", "/some/prefix/"), ("//some//prefix", "/some/prefix/"),
                             ("/some/prefix//articles", "/some/prefix/articles/")):
        status, headers, _ = app.respond("GET", target)
        assert (status, dict(headers)["Location"]) == ("301 Moved Permanently", location), target
    assert app.respond("GET", "/some/prefixarticles/")[0] == "404 Not Found"
    assert app.respond("GET", "//some/prefix/")[0] == "200 OK"


def test_each_path_segment_is_decoded_once(server):
    base, content, _ = server
    out = content.parent / "_site"
    (out / "a%2Fb.txt").write_text("literal percent", encoding="utf-8")
    (out / "x").mkdir()
    (out / "x" / "y.txt").write_text("nested", encoding="utf-8")
    (out / "é.txt").write_text("accented", encoding="utf-8")
    port = urlsplit(base).port
    expected = {"/a%252Fb.txt": b"literal percent", "/x/y.txt": b"nested", "/%C3%A9.txt": b"accented",
                "/a%2Fb.txt": None, "/x%2Fy.txt": None, "/x%2fy.txt": None, "/articles%2F": None,
                "/articles%252F": None, "/x%252Fy.txt": None}
    for target, body in expected.items():
        status, data = raw_request(port, target)
        if body is None:
            assert status == 404, target
        else:
            assert status == 200 and split_reply(data)[1] == body, target


def test_a_file_gone_between_resolve_and_read_is_a_404(tmp_path, monkeypatch):
    site = tmp_path / "_site"
    (site / "folder").mkdir(parents=True)
    (site / "page.txt").write_text("page", encoding="utf-8")
    (site / "folder" / "index.html").write_text("<body>index", encoding="utf-8")
    app = SiteApp(site)
    found = app.inside

    def found_then_swapped(path):  # a rebuild swaps the new site in right after the path is resolved
        real = found(path)
        if real is not None and real.is_file():
            real.unlink()
        return real

    monkeypatch.setattr(app, "inside", found_then_swapped)
    assert app.respond("GET", "/page.txt")[0] == "404 Not Found"
    assert app.respond("GET", "/folder/")[0] == "404 Not Found"
    shutil.rmtree(site)  # between the two renames of a swap there is no site at all
    assert app.respond("GET", "/")[0] == "404 Not Found"


def run_in_own_loop(coroutine) -> None:
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop running
    in this thread for the whole session once a browser test has run."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def add_paragraph(doc, text: str) -> None:
    source = doc.read_text(encoding="utf-8")
    first_break = source.index("\n\n", source.index("Written by"))
    doc.write_text(source[:first_break] + f"\n\n{text}" + source[first_break:], encoding="utf-8")


async def _reload_after_held_rebuild(port: int, article: str, gate) -> None:
    from tornado.websocket import websocket_connect

    browser = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await browser.write_message(json.dumps({"command": "hello",
                                            "protocols": ["http://livereload.com/protocols/official-7"]}))
    assert json.loads(await browser.read_message())["command"] == "hello"
    await browser.write_message(json.dumps({"command": "info", "url": article, "plugins": {}}))
    message = asyncio.ensure_future(browser.read_message())
    for _ in range(3):  # the rebuild is held open: the last good site is served meanwhile
        asked = time.monotonic()
        status, page = fetch(article)
        assert status == 200 and time.monotonic() - asked < 2 and "added while serving" not in page
    done, _ = await asyncio.wait([message], timeout=1.5)
    assert not done, "the browser was told to reload before the new site was in place"
    gate.touch()
    assert json.loads(await asyncio.wait_for(message, 30))["command"] == "reload"
    assert "added while serving" in fetch(article)[1]
    browser.close()


def test_requests_are_answered_while_a_rebuild_runs(content_copy, tmp_path):
    started, gate = tmp_path / "started", tmp_path / "gate"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/fixtures/serve/held_serve.py"), str(started), str(gate),
         "--content", str(content_copy), "--out", str(tmp_path / "_site"), "--port", str(port), "--no-cache"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: _alive(base), timeout=30), "server did not start"
        add_paragraph(content_copy / "blinken-launches-high-stakes-talks.txt", "A paragraph added while serving.")
        assert wait_for(started.exists, timeout=10), "the change did not start a rebuild"
        run_in_own_loop(_reload_after_held_rebuild(
            port, base + "articles/us-china-tensions-blinken-launches-high-stakes-talks/", gate))
    finally:
        printed = stop(proc)
    assert "OVERLAP" not in printed
    assert re.search(r"built in [\d.]+ s: read blinken-launches-high-stakes-talks\.txt;", printed), printed


def test_a_change_during_a_rebuild_gets_one_more_rebuild(tmp_path, monkeypatch):
    gate, entered, notified = threading.Event(), threading.Semaphore(0), threading.Semaphore(0)
    builds, running, most = [], [0], [0]

    def held_build(*args, **kwargs):
        running[0] += 1
        most[0] = max(most[0], running[0])
        builds.append(1)
        entered.release()
        gate.wait(10)
        running[0] -= 1
        raise BuildError("still broken")

    monkeypatch.setattr(serve, "build", held_build)
    rebuild = Rebuilder(Options(content=tmp_path, out=tmp_path / "_site"), SiteApp(tmp_path), notified.release)
    rebuild.start()
    assert entered.acquire(timeout=5)
    rebuild.start()  # two changes while the first build runs: one more build covers both
    rebuild.start()
    gate.set()
    assert notified.acquire(timeout=10)
    assert len(builds) == 2 and most[0] == 1
    assert not notified.acquire(timeout=0.3)  # one reload for the two builds
    rebuild.start()  # idle again: the next change starts a build at once
    assert notified.acquire(timeout=10) and len(builds) == 3


def test_the_banner_names_the_failure(seed_site, tmp_path, monkeypatch):
    app = SiteApp(seed_site)
    rebuild = Rebuilder(Options(content=tmp_path, out=seed_site), app)
    template_error = "templates/article.html:12: unexpected '}'"
    for exc, shown in ((BuildError(template_error), template_error), (ValueError("boom"), "ValueError: boom")):
        def failing_build(*args, exc=exc, **kwargs):
            raise exc

        monkeypatch.setattr(serve, "build", failing_build)
        assert rebuild() is False
        assert app.error == shown
        status, _, body = app.respond("GET", "/")
        assert status == "200 OK" and b"Build failed" in body and html.escape(shown).encode() in body


def test_rebuild_report_names_added_and_removed_documents(content_copy, tmp_path, capsys):
    rebuild = Rebuilder(Options(content=content_copy, out=tmp_path / "_site"), SiteApp(tmp_path / "_site"))
    assert rebuild()
    capsys.readouterr()
    assert rebuild()
    assert re.search(r"built in [\d.]+ s: no document changed; \d+ of \d+ pages rendered", capsys.readouterr().out)
    (content_copy / "new-note.md").write_text("---\ntitle: A new note\n---\nBody of a new note.\n", encoding="utf-8")
    (content_copy / "chinafile-whats-at-stake-blinken-heads-to-beijing.txt").unlink()
    add_paragraph(content_copy / "blinken-launches-high-stakes-talks.txt", "Another paragraph.")
    assert rebuild()
    line = capsys.readouterr().out
    assert re.search(r"built in [\d.]+ s: added new-note\.md; removed chinafile-whats-at-stake-blinken-heads-to-beijing\.txt; "
                     r"read blinken-launches-high-stakes-talks\.txt; \d+ of \d+ pages rendered", line), line


LIVERELOAD_LINE = re.compile(r"^\[[DIWE] \d{6} |^INFO: |Serving on |Start watching|Running task|Reload \d+ waiters")


def test_each_rebuild_prints_one_line(content_copy, tmp_path):
    site = content_copy / "site.yaml"  # a placeholder address is for a deploy to flag, not the preview
    site.write_text(site.read_text(encoding="utf-8") + "url: https://example.github.io/site_builder/\n", encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--content", str(content_copy), "--out", str(tmp_path / "_site"),
         "--port", str(port), "--no-cache"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []  # read as printed: the page is served a moment before its rebuild line is
    reader = threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in proc.stdout), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}/"
    article = base + "articles/us-china-tensions-blinken-launches-high-stakes-talks/"
    try:
        assert wait_for(lambda: _alive(base), timeout=30), "server did not start"
        assert fetch(base + "favicon.ico")[0] == 404  # as a browser asks on its own: not worth a line
        for n in (1, 2):
            add_paragraph(content_copy / "blinken-launches-high-stakes-talks.txt", f"Paragraph number {n} of the test.")
            assert wait_for(lambda: f"Paragraph number {n} " in fetch(article)[1], timeout=10), f"edit {n} not served"
            assert wait_for(lambda: sum("read blinken-launches" in line for line in lines) == n), lines
        time.sleep(0.5)  # room for a stray line to show up
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        reader.join(timeout=10)
    printed = "\n".join(lines)
    assert not [line for line in lines if LIVERELOAD_LINE.search(line)], printed
    assert "placeholder" not in printed
    serving = next(i for i, line in enumerate(lines) if line.startswith("serving "))
    rebuilds = lines[serving + 1:]
    assert all(re.fullmatch(r"built in [\d.]+ s: [^;]+; \d+ of \d+ pages rendered", line) for line in rebuilds), printed
    assert len(rebuilds) >= 2


def test_a_rebuild_repeats_no_warning_and_prints_each_new_one(content_copy, tmp_path, caplog, capsys):
    def note(name: str) -> None:
        (content_copy / name).write_text(f"---\ntitle: {name}\n---\nBody of {name}, which has no date.\n",
                                         encoding="utf-8")

    note("undated-note.md")
    rebuild = Rebuilder(Options(content=content_copy, out=tmp_path / "_site"), SiteApp(tmp_path / "_site"))
    with caplog.at_level(logging.WARNING, logger="site_builder"):
        assert rebuild()
        assert "undated-note.md: no date found; shown as 'Date unknown'" in caplog.messages
        caplog.clear()
        add_paragraph(content_copy / "blinken-launches-high-stakes-talks.txt", "A paragraph of no consequence.")
        assert rebuild()
        assert caplog.messages == []
        note("another-note.md")
        assert rebuild()
        assert caplog.messages == ["another-note.md: no date found; shown as 'Date unknown'"]
    assert len(capsys.readouterr().out.splitlines()) == 3  # the rebuild lines, one per build
