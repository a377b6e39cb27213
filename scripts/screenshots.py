"""Screenshots of the seed site at phone, tablet and desktop widths: `make screenshots`.

Builds the content folder into a temporary folder, serves it on 127.0.0.1 and photographs one
page of each sort: home, the articles list, an article of each kind in the corpus, the expert
with the most articles, the issue with the most passages, the map and timeline when the site
has them, and search results. Every page is chosen from the built corpus, so the shots follow
the content instead of going stale with a hard-coded slug.

Writes `screenshots/<page>-<width>.png` (full page) and `screenshots/<page>-375-fold.png`
(what a phone shows before any scrolling).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file, the script's own folder would be first instead

from site_builder.build import Options, build  # noqa: E402
from site_builder.errors import BuildError  # noqa: E402

WIDTHS = (375, 768, 1280)
HEIGHT = 900
FOLD_WIDTH = 375
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox"]  # root in a container has no sandbox to drop into


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def choose_pages(corpus, site: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, path) of each page to photograph, and a note for each page the site lacks."""
    pages = [("home", ""), ("articles", "articles/")]
    kinds: dict[str, object] = {}
    for article in corpus.articles:  # newest first: the newest article of each kind
        kinds.setdefault(article.doc.kind, article)
    pages += [(f"article-{kind}", article.path) for kind, article in kinds.items()]
    experts = corpus.experts
    if experts:  # max() keeps the first of a tie, and people come sorted by name
        pages.append(("expert", max(experts, key=lambda p: len(p.by_article)).path))
    if corpus.issues:
        pages.append(("issue", max(corpus.issues, key=lambda e: e.passage_count).path))
    notes = []
    for name, path in (("map", "map/"), ("timeline", "timeline/")):
        if (site / path / "index.html").is_file():
            pages.append((name, path))
        else:
            notes.append(f"no {path}index.html in this build: {name} skipped")
    return pages, notes


def search_queries(corpus) -> list[str]:
    """Words the corpus is sure to hold, most telling first: the top issue's name, the top expert's surname."""
    queries = []
    if corpus.issues:
        queries.append(max(corpus.issues, key=lambda e: e.passage_count).issue.name)
    if corpus.experts:
        queries.append(max(corpus.experts, key=lambda p: len(p.by_article)).name.split()[-1])
    queries += [article.doc.title.split()[0] for article in corpus.articles]
    return queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default=str(ROOT / "content"), help="content folder (default: content)")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="folder for the PNGs (default: screenshots)")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is missing: `make screenshots` installs it with the test tools", file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print(f"no Chromium at {CHROMIUM}: apt-get install -y --no-install-recommends chromium", file=sys.stderr)
        return 1

    shots = Path(args.out)
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):  # a page the corpus no longer has must not leave a stale shot
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        site = Path(tmp) / "_site"
        # At the root whatever site.yaml's base_url says: the server below serves the folder at /.
        try:
            result = build(Options(content=Path(args.content), out=site, base_url="/"))
        except BuildError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)
            return 1
        for error in result.errors:
            print(f"ERROR: {error} (document skipped)", file=sys.stderr)
        pages, notes = choose_pages(result.corpus, site)
        for name, path in pages:
            print(f"{name}: /{path}")
        for note in notes:
            print(note)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        written: list[Path] = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": WIDTHS[-1], "height": HEIGHT})
                for name, path in pages:
                    written += _shoot(page, f"{origin}/{path}", name, shots)
                query = _search_with_results(page, f"{origin}/search/", search_queries(result.corpus))
                if query is None:
                    print("no query found with search results: search skipped")
                else:
                    print(f"search: /search/?q={quote(query)}")
                    written += _shoot(page, f"{origin}/search/?q={quote(query)}", "search", shots,
                                      ready="#search[data-state=done]")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(written)} screenshots in {shots}")
    return 0


def _shoot(page, url: str, name: str, shots: Path, ready: str | None = None) -> list[Path]:
    written = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        _open(page, url, ready)
        target = shots / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        written.append(target)
        if width == FOLD_WIDTH:
            target = shots / f"{name}-{width}-fold.png"
            page.screenshot(path=str(target), full_page=False)
            written.append(target)
    return written


def _open(page, url: str, ready: str | None) -> None:
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        raise SystemExit(f"{url}: HTTP {response.status if response else 'no response'}")
    if ready:
        page.wait_for_selector(ready, timeout=15000)


def _search_with_results(page, search_url: str, queries: list[str]) -> str | None:
    page.set_viewport_size({"width": WIDTHS[-1], "height": HEIGHT})
    for query in dict.fromkeys(q for q in queries if q):
        _open(page, f"{search_url}?q={quote(query)}", "#search[data-state=done]")
        if page.locator(".search-result").count():
            return query
    return None


if __name__ == "__main__":
    sys.exit(main())
