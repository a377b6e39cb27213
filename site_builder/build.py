"""The build, one direction: read everything, cross-reference, render, then write once."""

from __future__ import annotations

import hashlib
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import config as site_config
from site_builder import corpus as corpus_mod
from site_builder import cite, data, pages, publish, search, sources, structured, yamlload
from site_builder.errors import BuildError, Reporter, SourceError
from site_builder.extract import load_taxonomy
from site_builder.diskcache import DiskCache, document_key
from site_builder.incremental import PageCache, shared_fingerprint
from site_builder.models import Document
from site_builder.people import load_curation
from site_builder.readers.metadata import key_lines
from site_builder.readpool import parse_many
from site_builder.render import Renderer
from site_builder.renderpool import render_pages
from site_builder.writer import SiteWriter, check_output_dir

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(slots=True)
class Options:
    content: Path = Path("content")
    out: Path = Path("_site")
    base_url: str | None = None
    url: str | None = None  # the public address, when site.yaml has none (a deploy passes it)
    strict: bool = False
    templates: Path | None = None
    static: Path | None = None
    jobs: int = 1  # processes reading documents and rendering pages; the CLI uses one per core
    cache_dir: Path | None = None  # on-disk cache between processes; the CLI uses .site-builder-cache

    def templates_dir(self) -> Path:
        return self.templates or _project_dir("templates")

    def static_dir(self) -> Path:
        return self.static or _project_dir("static")


def _project_dir(name: str) -> Path:
    # The working directory's folder wins, so a team can restyle a site without touching the package.
    local = Path.cwd() / name
    return local if local.is_dir() else PROJECT_DIR / name


@dataclass(slots=True)
class Result:
    documents: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    corpus: corpus_mod.Corpus | None = None
    search_sizes: str = ""
    rendered: int = 0  # pages rendered this build; the rest were reused from the page cache
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, in build order
    peaks: dict[str, float] = field(default_factory=dict)  # MB: this process's peak memory after each stage

    def timings(self) -> str:
        return "stages: " + ", ".join(f"{name} {seconds:.2f} s (peak {self.peaks.get(name, 0):.0f} MB)"
                                      for name, seconds in self.stages.items())

    def summary(self) -> str:
        return (f"read {self.documents} documents, wrote {self.pages} pages ({self.files} files, "
                f"{self.bytes / 1e6:.1f} MB), {len(self.warnings)} warnings, {len(self.errors)} errors, "
                f"{self.seconds:.2f} s")


class BuildCache:
    """What a rebuild can reuse: documents keyed by the hash of their bytes and sidecar, so only
    what changed is re-read, and rendered pages (see incremental.py), so only what changed is re-rendered."""

    def __init__(self) -> None:
        self.pages = PageCache()
        self._docs: dict[str, tuple[tuple, Document]] = {}  # source path -> (hash key, document)
        self.hits = 0
        self.misses = 0
        self.read: list[str] = []  # sources read since the caller last cleared it: what a rebuild reports

    def get(self, rel: str, key: tuple) -> Document | None:
        entry = self._docs.get(rel)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]
        return None

    def remember(self, rel: str, key: tuple, doc: Document) -> None:
        """A document an earlier process read (from the disk cache): kept, not counted as read."""
        self._docs[rel] = (key, doc)

    def put(self, rel: str, key: tuple, doc: Document) -> None:
        self.misses += 1
        self.read.append(rel)
        self._docs[rel] = (key, doc)

    def last_good(self, rel: str) -> Document | None:
        """The last version of a source that could be read: what to show while it is broken."""
        entry = self._docs.get(rel)
        return entry[1] if entry else None


def _sidecar(source: sources.SourceFile) -> tuple[dict, str, dict[str, int]]:
    path = source.path.with_name(source.path.name.rsplit(".", 1)[0] + sources.SIDECAR_SUFFIX)
    if not path.exists():
        return {}, "", {}
    rel = source.rel.rsplit(".", 1)[0] + sources.SIDECAR_SUFFIX
    if not sources.inside(path, source.root):
        raise SourceError(rel, "is a link to a file outside the content folder; not read")
    text = yamlload.read_text(path, rel)
    data = yamlload.load(text, rel) or {}
    if not isinstance(data, dict):
        raise SourceError(rel, "a sidecar must be a mapping of keys to values", 1)
    return data, text, key_lines(text)


def read_all(content: Path, reporter: Reporter, cache: BuildCache | None = None,
             jobs: int = 1, disk: DiskCache | None = None) -> tuple[list[Document], list[str]]:
    """Every readable document, and the errors of those that could not be read. A document is
    parsed only when neither this process (`cache`) nor an earlier one (`disk`) has it."""
    entries, todo = [], []  # (source, key, cached document, error)
    for source in sources.walk(content, reporter):
        try:
            sidecar, sidecar_text, sidecar_lines = _sidecar(source)
        except SourceError as exc:
            entries.append((source, None, None, str(exc)))
            continue
        key = (source.digest, sidecar_text)
        cached = cache.get(source.rel, key) if cache else None
        if cached is None and disk is not None:
            cached = disk.get_document(document_key(source.rel, source.digest, sidecar_text))
            if cached is not None and cache:
                cache.remember(source.rel, key, cached)
        entries.append((source, key, cached, None))
        if cached is None:
            todo.append((source, sidecar, sidecar_lines))
    read = dict(zip((item[0].rel for item in todo), parse_many(todo, reporter, jobs)))
    docs, errors = [], []
    for source, key, cached, error in entries:
        outcome = error or cached or read[source.rel]
        if isinstance(outcome, Document):
            if cached is None:
                outcome.digest = hashlib.sha256(f"{key[0]}\0{key[1]}".encode()).hexdigest()
                if cache:
                    cache.put(source.rel, key, outcome)
                if disk is not None:
                    disk.put_document(document_key(source.rel, key[0], key[1]), outcome)
            docs.append(outcome)
            continue
        errors.append(outcome)
        last_good = cache.last_good(source.rel) if cache else None
        if last_good is not None:
            docs.append(last_good)  # keep the last good version on the page
    return docs, errors


def load_site(options: Options, reporter: Reporter, cache: BuildCache | None = None):
    """Everything the site is made from, read and validated before anything is written."""
    content = options.content
    if not content.is_dir():
        raise BuildError(f"content folder not found: {content}")
    if not (content / "site.yaml").exists():
        reporter.warn("no site.yaml: using the default title and settings (see the README)", "site.yaml")
    config = site_config.load(content / "site.yaml").with_base_url(options.base_url).with_url(options.url)
    taxonomy_path = content / "issues.yaml"
    taxonomy = load_taxonomy(taxonomy_path) if taxonomy_path.exists() else []
    if not taxonomy:
        reporter.warn("no issues.yaml: no policy issues will be tagged", "issues.yaml")
    curation = load_curation(content / "experts.yaml")
    disk = DiskCache(options.cache_dir) if options.cache_dir else None
    docs, errors = read_all(content, reporter, cache, options.jobs, disk)
    for doc in docs:
        if doc.title_derived:
            reporter.warn(f"no title found; using '{doc.title}'", doc.source)
        if doc.date is None and not doc.date_unknown:
            reporter.warn("no date found; shown as 'Date unknown'", doc.source)
    return config, docs, taxonomy, curation, errors


class _Stopwatch:
    """Seconds per stage, and this process's peak memory when each stage ended (`--timings`)."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.peaks: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - self._last
        self.peaks[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        self._last = now


def build(options: Options, reporter: Reporter | None = None, cache: BuildCache | None = None) -> Result:
    started = time.perf_counter()
    clock = _Stopwatch()
    reporter = reporter or Reporter()
    out = check_output_dir(options.out, options.content, PROJECT_DIR)
    config, docs, taxonomy, curation, errors = load_site(options, reporter, cache)
    clock.lap("read")
    reporter.flush()
    if errors and options.strict:
        raise BuildError("\n".join(errors))
    if options.strict and reporter.warnings:
        raise BuildError("warnings are errors with --strict:\n" + "\n".join(reporter.warnings))
    corpus = corpus_mod.build(docs, taxonomy, curation)
    renderer = Renderer(options.templates_dir(), options.static_dir(), config)
    structured.register(renderer)
    cite.register(renderer)
    renderer.env.globals["issue_names"] = {entry.slug: entry.issue.name for entry in corpus.issues}
    site_pages = pages.site_pages(corpus)
    clock.lap("corpus")

    page_cache = cache.pages if cache else PageCache()
    disk = DiskCache(options.cache_dir) if options.cache_dir else None
    page_cache.load(disk, out)
    rendered_before = page_cache.rendered
    shared = shared_fingerprint(options.templates_dir(), options.static_dir(), config, taxonomy, curation, corpus)
    digests = {doc.source: doc.digest for doc in docs}
    fingerprints = {page.output: page_cache.fingerprint(shared, page, digests) for page in site_pages}
    writer = SiteWriter(out)
    try:
        todo = []
        for i, page in enumerate(site_pages):
            if page_cache.fresh(out, page.output, fingerprints[page.output]):
                writer.keep(page.output)
            else:
                todo.append(i)
        for i, payload in render_pages(renderer, site_pages, todo, options.jobs):
            writer.write(site_pages[i].output, payload)
        page_cache.rendered += len(todo)
        clock.lap("render")
        writer.copy_tree(options.static_dir(), "static")
        if config.logo:
            writer.write(config.logo_path, (options.content / config.logo).read_bytes())
        data.write_all(writer, corpus, config, site_pages, renderer)
        publish.write_all(writer, corpus, site_pages, renderer)
        cite.write_all(writer, corpus, renderer)
        clock.lap("data")
        sizes = search.SizeReport()
        for rel, payload in search.iter_files(corpus, renderer.url):
            writer.write(rel, payload)
            sizes.add(rel, payload)
        clock.lap("search")
        writer.commit()
        clock.lap("commit")
    except BaseException:
        writer.abort()
        raise
    page_cache.record(out, fingerprints)
    page_cache.save(disk, out)
    return Result(len(docs), len(site_pages), writer.files, writer.bytes, time.perf_counter() - started,
                  list(reporter.warnings), errors, corpus, sizes.line(),
                  page_cache.rendered - rendered_before, clock.stages, clock.peaks)
