"""Command line: ``casekit check`` and ``casekit list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .errors import CasekitError


def _root(arg: str | None) -> Path:
    return Path(arg).resolve() if arg else paths.book_root()


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_book

    problems, counts = check_book(_root(args.root))
    for problem in problems:
        print(problem)
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    if problems:
        print(f"casekit check: {len(problems)} problem(s) ({summary})", file=sys.stderr)
        return 1
    print(f"casekit check: OK ({summary})", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from . import cases

    rows = [(c.id, c.theme, c.country, c.place, str(c.start_year), ",".join(c.instruments))
            for c in cases.filter(theme=args.theme, instrument=args.instrument)]
    header = ("id", "theme", "country", "place", "start", "instruments")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)) + "  " + row[-1])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casekit", description="Tools for the Local Ecommerce Casebook.")
    parser.add_argument("--root", help="the book's folder (default: found by walking up from here)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate case files, data, references and notebooks")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("list", help="list the cases")
    p.add_argument("--theme")
    p.add_argument("--instrument")
    p.set_defaults(func=cmd_list)
    args = parser.parse_args(argv)
    try:
        if args.root:
            import os

            os.environ[paths.ENV_ROOT] = str(Path(args.root).resolve())
        return args.func(args)
    except CasekitError as exc:
        print(exc, file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
