"""Command line: ``casekit check`` and ``casekit list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from ..errors import CasekitError


def _root(arg: str | None) -> Path:
    return Path(arg).resolve() if arg else paths.book_root()


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_book

    problems, counts = check_book(_root(args.root))
    # Errors first, then the to-do list of unfinished fields.
    problems = sorted(problems, key=lambda p: (p.level == "unfinished", p.file, p.field, p.message))
    for problem in problems:
        print(problem)
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    if problems:
        todo = sum(p.level == "unfinished" for p in problems)
        detail = f", {todo} of them unfinished fields to fill in" if todo else ""
        print(f"casekit check: {len(problems)} problem(s){detail} ({summary})", file=sys.stderr)
        return 1
    print(f"casekit check: OK ({summary})", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .. import cases

    rows = [
        (c.id, c.theme, c.country, c.place, str(c.start_year), ",".join(c.instruments))
        for c in cases.filter(theme=args.theme, instrument=args.instrument)
    ]
    header = ("id", "theme", "country", "place", "start", "instruments")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)) + "  " + row[-1])
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_case

    root = _root(args.root)
    written = new_case(root, args.case_id, args.theme, args.place, args.country)
    for path in written:
        print(f"wrote {path.as_posix()}")
    print(
        "Next: fill in every FILL IN, add your sources to references.bib, then run `casekit check` "
        "(it lists what is still unfinished) and `make book`.",
        file=sys.stderr,
    )
    return 0


def cmd_instruments(args: argparse.Namespace) -> int:
    from ..vocabulary import INSTRUMENTS

    width = max(map(len, INSTRUMENTS))
    for name, meaning in INSTRUMENTS.items():
        print(f"{name.ljust(width)}  {meaning}")
    return 0


def cmd_diagnostic(args: argparse.Namespace) -> int:
    from .. import diagnostic

    responses, problems = diagnostic.read(Path(args.csv), display_name=args.csv)
    for problem in problems:
        print(problem)
    if responses is None:
        print(f"casekit diagnostic: {len(problems)} problem(s) in {args.csv}; nothing was profiled", file=sys.stderr)
        return 1
    label = " (SYNTHETIC example data)" if responses.synthetic else ""
    print(f"casekit diagnostic: OK, {len(responses)} responses{label}", file=sys.stderr)
    for constraint in diagnostic.constraint_profile(responses).itertuples(index=False):
        print(
            f"{constraint.constraint}: main barrier for {constraint.share_main:.0f}% of firms, named by {constraint.share_any:.0f}%"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casekit", description="Tools for the Local Ecommerce Casebook.")
    parser.add_argument("--root", help="the book's folder (default: found by walking up from here)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate case files, data, references and notebooks")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new", help="scaffold a new case: case file, notebook, series file")
    p.add_argument("case_id", metavar="case-id", help="lowercase words joined by hyphens, e.g. lima-market-vouchers")
    p.add_argument(
        "--theme", required=True, help="msme-digitization | rural-ecommerce | logistics | investment-attraction"
    )
    p.add_argument("--place", required=True, help='the place, e.g. "Lima"')
    p.add_argument("--country", required=True, help="ISO 3166-1 alpha-3 code, e.g. PER")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("diagnostic", help="check a filled-in diagnostic survey CSV and print its constraint profile")
    p.add_argument("csv", help="the responses file, e.g. my-town-responses.csv (template: data/diagnostic/)")
    p.set_defaults(func=cmd_diagnostic)
    p = sub.add_parser("instruments", help="list the instrument vocabulary")
    p.set_defaults(func=cmd_instruments)
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
