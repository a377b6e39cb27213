"""site_builder against Hugo on the same synthetic articles: figures only, nothing asserted.

    BENCH_SIZES="1000 10000" BENCH_RUNS=3 .venv/bin/python bench/bench.py      (or: make bench)

For each size N, ../shared/bench/make_corpus.py writes N articles for site_builder (with this
project's content/site.yaml and content/issues.yaml beside them) and ../shared/bench/hugo_site.sh
lays out the same articles as a Hugo site. Each tool then builds from cold BENCH_RUNS times,
alternating, so that a ratio compares two builds made under the same machine conditions; the
ratio printed is the median of those paired ratios. Then, once each: a fresh-process rebuild
after appending a sentence to one article, and for site_builder the same edit inside the
preview server (serve.Rebuilder, in-process, with its BuildCache).

Peak memory is the max RSS that wait4 reports for a build's process tree, i.e. the largest
single process in it, not the sum over site_builder's reader processes.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
BIN = Path(sys.executable).parent
SITE_BUILDER = BIN / "site-builder"
GNU_TIME = Path("/usr/bin/time")
QUERY = "taiwan sanctions"  # two words every synthetic corpus holds (both are issue names)
EDIT = "\n\nOne more sentence about Taiwan, added by the benchmark.\n"
# Names of the on-disk build cache; cleared before each full build so that every timed build is cold.
DISK_CACHES = (".site-builder-cache",)
# What the search page loads before any shard logic: see templates/search.html.
PAGE_SCRIPTS = ("static/vendor/lunr.min.js", "static/search.js")
WHOLE_INDEX = ("search/index-main.json", "search/index-passages.json", "search/store.json")

# Without /usr/bin/time: a one-child wrapper, so RUSAGE_CHILDREN's max RSS (a maximum over
# every child a process ever waited for) is this build's alone.
_WRAPPER = """import resource, subprocess, sys, time
t = time.perf_counter(); rc = subprocess.call(sys.argv[2:]); t = time.perf_counter() - t
open(sys.argv[1], "w").write(f"{t} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(rc)"""


class Failed(Exception):
    pass


def run_timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `cmd` run as a child; its output is kept back unless it fails."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-f", "%e %M", "-o", report.name, *cmd]
        else:
            wrapped = [sys.executable, "-c", _WRAPPER, report.name, *cmd]
        started = time.perf_counter()
        proc = subprocess.run(wrapped, cwd=cwd, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if proc.returncode:
            raise Failed(f"{' '.join(cmd)} failed ({proc.returncode}):\n{(proc.stdout + proc.stderr)[-2000:]}")
        fields = report.read().split()
    if not GNU_TIME.exists():
        seconds = float(fields[0])  # measured inside the wrapper, without the wrapper's own start-up
    return seconds, int(fields[-1]) / 1024


def ensure_hugo() -> str | None:
    """Path of `hugo`, installing Debian's package when running as root; None (and why) if not possible."""
    found = shutil.which("hugo")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("hugo is not installed and this is not root with apt-get: benchmarking site_builder alone "
              "(install Debian's package `hugo` to compare)")
        return None
    print("hugo is not installed: installing Debian's package `hugo` (apt-get update; apt-get install -y hugo)")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "hugo"]):
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if proc.returncode:
            print(f"could not install hugo ({' '.join(cmd)}: {(proc.stderr or proc.stdout).strip()[-300:]}): "
                  "benchmarking site_builder alone")
            return None
    return shutil.which("hugo")


def clear_disk_caches(*folders: Path) -> None:
    for folder in folders:
        for name in DISK_CACHES:
            shutil.rmtree(folder / name, ignore_errors=True)


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("index.html"))


def tree_bytes(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def gz(data: bytes) -> int:
    # Level 6, as a web server sends it and as search.size_report counts it.
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def append(path: Path, text: str) -> None:
    path.chmod(0o644)
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


# --- What a first search downloads -----------------------------------------------------------

def query_terms(query: str) -> list[tuple[str, str]]:
    """Term ranges a lunr query for `query` looks up: each word's stem, and (as search.js adds a
    trailing wildcard to words over two letters) every term starting with the word."""
    try:
        from lunr.stemmer import porter_stemmer

        stem = porter_stemmer.stem  # the index's stemmer: search.py stems with it
    except ImportError:  # outside the venv: unstemmed words still name the right shard nearly always
        def stem(word: str) -> str:
            return word
    ranges = []
    for word in query.lower().split():
        ranges.append((stem(word), stem(word)))
        if len(word) > 2:
            ranges.append((word, word + "\uffff"))
    return ranges


def _files_named(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.endswith(".json") else []
    if isinstance(value, list):
        return [name for item in value for name in _files_named(item)]
    return []


def _shard_needed(entry, ranges: list[tuple[str, str]]) -> bool:
    """Whether a shard holds any term in `ranges`. A shard is {"file", "first", "last"} (a sorted
    range of terms; "from"/"to" or "min"/"max" also read) or {"file", "prefix"}; a shard saying
    neither is counted, so the figure errs towards more bytes, never fewer."""
    if not isinstance(entry, dict):
        return True
    for low_key, high_key in (("first", "last"), ("from", "to"), ("min", "max"), ("start", "end")):
        if low_key in entry and high_key in entry:
            low, high = str(entry[low_key]), str(entry[high_key])
            return any(lo <= high and low <= hi for lo, hi in ranges)
    prefixes = entry.get("prefix", entry.get("prefixes"))
    if prefixes is not None:
        prefixes = [prefixes] if isinstance(prefixes, str) else list(prefixes)
        return any(lo.startswith(p) or p.startswith(lo) for lo, _ in ranges for p in prefixes)
    return True


def estimated_downloads(out: Path, query: str = QUERY) -> list[tuple[str, int]]:
    """(file, gzip bytes) a first search for `query` downloads, read from the manifest alone.

    The page's two scripts, then the index: without search/manifest.json, the three whole files
    the search page names (templates/search.html). With one, the manifest itself, every .json file
    it names outside "shards" (e.g. refs.json, which search.js fetches only for a query of nothing
    but -terms, so the figure errs towards more bytes), and the shards that hold the query's
    terms. "shards" is either a list of {"file": ..., "first": term, "last": term} (or "prefix": ...)
    or a mapping prefix -> file. File names are relative to the site root, or else to search/.
    Store chunks depend on the results shown and are left out: `browser_downloads` counts them.
    """
    names = list(PAGE_SCRIPTS)
    manifest = out / "search" / "manifest.json"
    if not manifest.exists():
        names += WHOLE_INDEX
    else:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        names.append("search/manifest.json")
        if isinstance(data, dict):
            names += [n for key, value in data.items() if key != "shards" for n in _files_named(value)]
            shards = data.get("shards", [])
        else:
            shards = data
        ranges = query_terms(query)
        if isinstance(shards, dict):
            shards = [{"file": file, "prefix": prefix} for prefix, file in shards.items()]
        for entry in shards:
            file = entry if isinstance(entry, str) else entry.get("file", entry.get("path", entry.get("url")))
            if file and _shard_needed(entry, ranges):
                names.append(str(file))
    return _sizes(out, names)


def _sizes(out: Path, names: list[str]) -> list[tuple[str, int]]:
    found = []
    for name in dict.fromkeys(names):
        name = name.split("?", 1)[0].lstrip("/")
        path = out / name if (out / name).is_file() else out / "search" / name
        if path.is_file():
            found.append((path.relative_to(out).as_posix(), gz(path.read_bytes())))
        else:
            found.append((name + " (missing)", 0))
    return found


def browser_downloads(out: Path, query: str = QUERY) -> list[tuple[str, int]] | None:
    """(file, gzip bytes) of every search file and script Chromium fetches to show the results of
    `query` on the search page: the real figure, store chunks included. None without Playwright
    or Chromium (then `estimated_downloads` is printed)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    import functools
    import http.server
    import threading
    import urllib.parse

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("requestfinished", lambda request: fetched.append(urllib.parse.urlsplit(request.url).path))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q={urllib.parse.quote(query)}")
            page.wait_for_selector("#search-results a", timeout=120_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    wanted = [path for path in fetched if path.endswith((".js", ".json"))]
    return _sizes(out, wanted)


def search_downloads(out: Path, query: str = QUERY) -> tuple[list[tuple[str, int]], str]:
    measured = browser_downloads(out, query)
    if measured is not None:
        return measured, "measured in Chromium"
    return estimated_downloads(out, query), "estimated from the manifest, store chunks left out"


# --- The in-process rebuild, in a child of its own -------------------------------------------

def inprocess_child(content: Path, out: Path, touched: Path) -> None:
    """Run as `bench.py --inprocess ...`: the preview server's rebuild after one edit, as JSON.

    A child, so that neither its memory nor its reader processes count in this process's figures."""
    import contextlib
    import io

    from site_builder.build import Options
    from site_builder.serve import Rebuilder, SiteApp

    options = Options(content=content, out=out, jobs=os.cpu_count() or 1)
    if hasattr(options, "cache_dir"):  # as `site-builder serve` sets it: the server keeps a disk cache too
        options.cache_dir = Path(".site-builder-cache")
    rebuild = Rebuilder(options, SiteApp(out))
    lines = io.StringIO()
    with contextlib.redirect_stdout(lines):
        started = time.perf_counter()
        ok = rebuild()
        first = time.perf_counter() - started
        append(touched, EDIT)
        started = time.perf_counter()
        ok = rebuild() and ok
        second = time.perf_counter() - started
    if not ok:
        sys.exit("the in-process build failed")
    print(json.dumps({"first": first, "second": second, "report": lines.getvalue().strip().splitlines()[-1]}))


def inprocess_rebuild(content: Path, out: Path, touched: Path, cwd: Path) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--inprocess",
                           str(content), str(out), str(touched)], cwd=cwd, capture_output=True, text=True)
    if proc.returncode:
        raise Failed(f"in-process rebuild failed:\n{(proc.stdout + proc.stderr)[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- One size ----------------------------------------------------------------------------------

def bench_size(n: int, runs: int, hugo: str | None, work: Path) -> None:
    base = work / str(n)
    content, sb_out, sb_cwd = base / "content", base / "site", base / "cwd"
    site = base / "hugo"
    sb_cwd.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(SHARED / "make_corpus.py"), str(n), str(content),
                    "--format", "site-builder"], check=True, capture_output=True)
    for name in ("site.yaml", "issues.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    if hugo:
        subprocess.run(["bash", str(SHARED / "hugo_site.sh"), str(n), str(site)], check=True, capture_output=True)
    print(f"\n## {n} articles  (corpora written in {time.perf_counter() - started:.1f} s; "
          f"{runs} paired cold build{'s' if runs != 1 else ''})\n", flush=True)

    # sb_cwd has no templates/ or static/, so the build uses the project's own (build._project_dir).
    sb_cmd = [str(SITE_BUILDER), "build", "--content", str(content), "--out", str(sb_out)]
    hugo_cmd = [hugo or "hugo", "--quiet", "-s", str(site), "-d", str(site / "public")]
    hugo_env = {**os.environ, "HUGO_CACHEDIR": str(base / "hugo-cache")}
    sb_runs, hugo_runs = [], []
    for k in range(runs):
        shutil.rmtree(sb_out, ignore_errors=True)
        clear_disk_caches(sb_cwd, content, base)
        sb_runs.append(run_timed(sb_cmd, sb_cwd))
        if hugo:
            for gone in ("public", "resources"):
                shutil.rmtree(site / gone, ignore_errors=True)
            shutil.rmtree(base / "hugo-cache", ignore_errors=True)
            hugo_runs.append(run_timed(hugo_cmd, site, hugo_env))
        print(f"  run {k + 1}: site_builder {sb_runs[-1][0]:.2f} s"
              + (f", Hugo {hugo_runs[-1][0]:.2f} s" if hugo else ""), flush=True)

    sb_pages, sb_bytes = count_pages(sb_out), tree_bytes(sb_out)
    search_files = sorted(p for p in (sb_out / "search").rglob("*") if p.is_file())
    search_sizes = [(p.relative_to(sb_out).as_posix(), p.stat().st_size, gz(p.read_bytes())) for p in search_files]
    downloads, how = search_downloads(sb_out)
    if hugo:
        hugo_pages, hugo_bytes = count_pages(site / "public"), tree_bytes(site / "public")

    # The same article in both corpora (make_corpus names files by slug), edited the same way.
    touched = sorted(content.glob("*.md"))[0]
    append(touched, EDIT)
    sb_rebuild = run_timed(sb_cmd, sb_cwd)[0]
    if hugo:
        append(site / "content" / "articles" / touched.name, EDIT)
        hugo_rebuild = run_timed(hugo_cmd, site, hugo_env)[0]
    live = inprocess_rebuild(content, base / "site-live", touched, sb_cwd)

    def median(values):
        return statistics.median(values)

    rows = []  # (figure, site_builder, Hugo, ratio)

    def ratio(pairs) -> str:
        return f"{median(pairs):.2f}×" if hugo else "—"

    sb_time, sb_mem = median(t for t, _ in sb_runs), median(m for _, m in sb_runs)
    pairs = list(zip(sb_runs, hugo_runs))
    rows.append(("full build, wall time", f"{sb_time:.2f} s",
                 f"{median(t for t, _ in hugo_runs):.2f} s" if hugo else "—",
                 ratio([s[0] / h[0] for s, h in pairs])))
    rows.append(("peak memory (max RSS)", f"{sb_mem:.0f} MB",
                 f"{median(m for _, m in hugo_runs):.0f} MB" if hugo else "—",
                 ratio([s[1] / h[1] for s, h in pairs])))
    rows.append(("pages (index.html files)", f"{sb_pages}", f"{hugo_pages}" if hugo else "—",
                 f"{sb_pages / hugo_pages:.2f}×" if hugo else "—"))
    rows.append(("pages per second", f"{sb_pages / sb_time:.0f}",
                 f"{hugo_pages / median(t for t, _ in hugo_runs):.0f}" if hugo else "—",
                 ratio([(sb_pages / s[0]) / (hugo_pages / h[0]) for s, h in pairs])))
    rows.append(("output size", f"{sb_bytes / 1e6:.1f} MB", f"{hugo_bytes / 1e6:.1f} MB" if hugo else "—",
                 f"{sb_bytes / hugo_bytes:.2f}×" if hugo else "—"))
    groups: dict[str, list[tuple[int, int]]] = {}
    for rel, raw, zipped in search_sizes:
        parts = rel.split("/")  # search/shards/x.json -> the shards, together
        groups.setdefault("/".join(parts[:2]) + ("/*" if len(parts) > 2 else ""), []).append((raw, zipped))
    for name, sizes in groups.items():
        raw, zipped = sum(r for r, _ in sizes), sum(z for _, z in sizes)
        label = f"{name} (raw · gzip)" + (f", {len(sizes)} files, largest {max(z for _, z in sizes) / 1e3:,.1f} kB gzip"
                                          if len(sizes) > 1 else "")
        rows.append((label, f"{raw / 1e3:,.1f} kB · {zipped / 1e3:,.1f} kB", "—", "—"))
    download = sum(size for _, size in downloads)
    rows.append((f"first two-word query download (gzip, {how})", f"{download / 1e3:,.1f} kB", "—", "—"))
    rows.append(("rebuild after touching one document, fresh process", f"{sb_rebuild:.2f} s",
                 f"{hugo_rebuild:.2f} s" if hugo else "—", f"{sb_rebuild / hugo_rebuild:.2f}×" if hugo else "—"))
    rows.append(("rebuild after touching one document, in the preview server", f"{live['second']:.2f} s", "—", "—"))

    print()
    print_table(["figure", "site_builder", "Hugo", "ratio"], rows)
    print(f"\nfirst query '{QUERY}' downloads: " + ", ".join(f"{name} {size / 1e3:,.1f} kB" for name, size in downloads))
    print(f"preview server: first build {live['first']:.2f} s, then: {live['report']}")
    summary = f"{n} articles: site_builder {sb_time:.2f} s ({sb_pages / sb_time:.0f} pages/s, {sb_mem:.0f} MB)"
    if hugo:
        summary += (f" vs Hugo {median(t for t, _ in hugo_runs):.2f} s: {median([s[0] / h[0] for s, h in pairs]):.1f}× "
                    f"Hugo's time")
    summary += (f"; a first search downloads {download / 1e6:.2f} MB gzip; one edit rebuilds in {sb_rebuild:.2f} s "
                f"(fresh process), {live['second']:.2f} s (preview server)")
    print(f"\nSummary: {summary}.", flush=True)
    shutil.rmtree(base, ignore_errors=True)  # a 10,000-article size leaves a few GB otherwise


def print_table(header: list[str], rows: list[tuple]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 1) + ("-" if i == 0 else ":") for i, w in enumerate(widths)) + "|")
    for row in rows:
        print(line(row))


def main() -> int:
    if sys.argv[1:2] == ["--inprocess"]:
        inprocess_child(*(Path(a) for a in sys.argv[2:5]))
        return 0
    sizes = [int(s) for s in (os.environ.get("BENCH_SIZES") or "1000 10000").split()]
    runs = max(1, int(os.environ.get("BENCH_RUNS") or 3))
    if not SITE_BUILDER.exists():
        print(f"{SITE_BUILDER} not found: run this with the project's venv python (make bench)", file=sys.stderr)
        return 1
    hugo = ensure_hugo()
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split(" ")[0:2] if hugo else []
    print(f"# site_builder vs {' '.join(version) or 'nothing (no Hugo)'}: {os.cpu_count()} cores, "
          f"peak memory from {'/usr/bin/time' if GNU_TIME.exists() else 'getrusage (no /usr/bin/time)'}")
    work = Path(tempfile.mkdtemp(prefix="site-builder-bench-"))
    try:
        for n in sizes:
            bench_size(n, runs, hugo, work)
    except Failed as exc:
        print(f"\nbenchmark stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
