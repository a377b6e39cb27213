"""Build benchmarks: full build of N articles, and a rebuild after touching one document.

    python bench/build_bench.py [--articles 1000]

Prints figures; asserts nothing. The synthetic corpus is the seed documents
copied into sub-folders, so every copy exercises every reader.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.build import BuildCache, Options, build  # noqa: E402
from site_builder.errors import Reporter  # noqa: E402


def make_corpus(target: Path, articles: int) -> None:
    seeds = sorted(p for p in (ROOT / "content").iterdir() if p.is_file())
    docs = [p for p in seeds if p.suffix in (".txt", ".md", ".html")]
    for name in ("site.yaml", "issues.yaml", "experts.yaml"):
        if (ROOT / "content" / name).exists():
            shutil.copy(ROOT / "content" / name, target / name)
    for i in range(articles):
        seed = docs[i % len(docs)]
        folder = target / f"batch-{i // len(docs):05d}"
        folder.mkdir(exist_ok=True)
        shutil.copy(seed, folder / seed.name)
        sidecar = seed.with_name(seed.stem + ".meta.yaml")
        if sidecar.exists():
            shutil.copy(sidecar, folder / sidecar.name)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=0, help="synthetic corpus size (0: the seed corpus)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        content = tmp / "content"
        if args.articles:
            content.mkdir()
            make_corpus(content, args.articles)
        else:
            shutil.copytree(ROOT / "content", content)
        options = Options(content=content, out=tmp / "_site", jobs=os.cpu_count() or 1)
        cache = BuildCache()
        started = time.perf_counter()
        result = build(options, Reporter(), cache)
        full = time.perf_counter() - started
        print(f"full build: {result.documents} documents, {result.pages} pages, {result.files} files, "
              f"{result.bytes / 1e6:.1f} MB in {full:.2f} s ({result.documents / full:.0f} documents/s), "
              f"peak memory {peak_mb():.0f} MB")
        touched = sorted(content.rglob("*.txt"))[-1]
        touched.chmod(0o644)
        touched.write_text(touched.read_text(encoding="utf-8") + "\nOne more paragraph about Taiwan.\n", encoding="utf-8")
        started = time.perf_counter()
        result = build(options, Reporter(), cache)
        print(f"rebuild after touching one document: {time.perf_counter() - started:.2f} s "
              f"({cache.misses} documents parsed in all, {cache.hits} served from the cache; "
              f"{result.rendered} of {result.pages} pages re-rendered)")


if __name__ == "__main__":
    main()
