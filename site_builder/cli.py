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
                   strict=getattr(args, "strict", False), jobs=args.jobs or os.cpu_count() or 1,
                   cache_dir=None if args.no_cache else Path(args.cache))


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", help="folder of source documents (default: content)")
    parser.add_argument("--out", default="_site", help="output folder (default: _site)")
    parser.add_argument("--base-url", default=None, help="path the site is served under, e.g. /repo/ (default: site.yaml's base_url, or /)")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="processes reading documents and rendering pages (default: one per core)")
    parser.add_argument("--cache", default=".site-builder-cache",
                        help="folder of parsed documents and rendered pages kept between builds (default: .site-builder-cache)")
    parser.add_argument("--no-cache", action="store_true", help="read and render everything again, keeping nothing")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="site-builder", description="Build a static research website from source documents.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site")
    _add_common(b)
    b.add_argument("--strict", action="store_true", help="treat warnings and skipped documents as errors")
    b.add_argument("--timings", action="store_true", help="print the seconds each stage of the build took")
    b.add_argument("--url", default=None,
                   help="the site's public address, when site.yaml has none or a placeholder (a deploy knows it)")
    b.add_argument("--deploy", action="store_true",
                   help="a build to publish: warn when the site has no public address")
    c = sub.add_parser("check", help="report what was read from each document: reader, title, date, people, "
                                      "roles, quotes, and what was uncertain")
    c.add_argument("--content", default="content", help="folder of source documents (default: content)")
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    c.add_argument("--strict", action="store_true", help="exit 1 when anything is uncertain")
    c.add_argument("--jobs", "-j", type=int, default=1, help=argparse.SUPPRESS)
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
            from site_builder.config import load as load_config

            options = _options(args)
            config = load_config(Path(args.content) / "site.yaml")
            if args.url and (not config.url or config.placeholder_url_warning()):
                options.url = args.url  # the address the deploy knows, where site.yaml gives none
                config = config.with_url(args.url)
            result = build(options)
            # A deploy's concern, so here and not in build(): the preview server serves whatever url says.
            if warning := config.placeholder_url_warning(require_url=args.deploy):
                print(f"WARNING: {warning}", file=sys.stderr)
            for error in result.errors:
                print(f"ERROR: {error} (document skipped)", file=sys.stderr)
            print(result.search_sizes, file=sys.stderr)
            print(result.summary())
            if args.timings:
                print(result.timings())
            return 0
        if args.command == "check":
            from site_builder.check import check, format_json, format_text

            reports, errors = check(Options(content=Path(args.content)))
            print(format_json(reports, errors) if args.json else format_text(reports, errors))
            uncertain = errors or any(report["uncertain"] for report in reports)
            return 1 if args.strict and uncertain else 0
        from site_builder.serve import serve

        return serve(_options(args), args.host, args.port)
    except BuildError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        print("build failed; the previous output is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug, not bad input: say so plainly, without a traceback
        if os.environ.get("SITE_BUILDER_DEBUG"):
            raise
        print(f"ERROR: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("build failed; the previous output is unchanged. This is a bug in site_builder: please report it "
              "(run with SITE_BUILDER_DEBUG=1 for the traceback)", file=sys.stderr)
        return 2
