"""Command line: `site-builder build` and `site-builder serve`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from site_builder.build import Options, build
from site_builder.errors import BuildError


def _options(args) -> Options:
    return Options(content=Path(args.content), out=Path(args.out), base_url=args.base_url,
                   strict=getattr(args, "strict", False), jobs=args.jobs or os.cpu_count() or 1)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", help="folder of source documents (default: content)")
    parser.add_argument("--out", default="_site", help="output folder (default: _site)")
    parser.add_argument("--base-url", default=None, help="path the site is served under, e.g. /repo/ (default: site.yaml's base_url, or /)")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="processes reading documents (default: one per core)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="site-builder", description="Build a static research website from source documents.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site")
    _add_common(b)
    b.add_argument("--strict", action="store_true", help="treat warnings and skipped documents as errors")
    s = sub.add_parser("serve", help="build, serve and rebuild on every change")
    _add_common(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; the next free one if taken)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.INFO, stream=sys.stderr)
    logging.getLogger("tornado").setLevel(logging.WARNING)
    try:
        if args.command == "build":
            result = build(_options(args))
            for error in result.errors:
                print(f"ERROR: {error} (document skipped)", file=sys.stderr)
            print(result.search_sizes, file=sys.stderr)
            print(result.summary())
            return 0
        from site_builder.serve import serve

        return serve(_options(args), args.host, args.port)
    except BuildError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        print("build failed; the previous output is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
