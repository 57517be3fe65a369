"""Command line: ``casekit check``, ``new``, ``list``, ``instruments`` and ``diagnostic``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from .. import paths
from ..errors import CasekitError
from ..vocabulary import INSTRUMENTS, THEMES

#: Exit statuses, documented in ``casekit --help``, ``casekit check --help`` and CONTRIBUTING.
EXIT_OK = 0
EXIT_ERRORS = 1  # bad input: an error a page cannot be built from, or a refused command
EXIT_USAGE = 2  # the command line was wrong (argparse uses 2 as well)
EXIT_UNFINISHED = 3  # no errors, only FILL IN fields left by `casekit new`
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for any program whose reader stopped early

EXIT_STATUS_HELP = f"""\
exit status:
  {EXIT_OK}    nothing to fix
  {EXIT_ERRORS}    errors: fix the lines printed (unfinished fields may be listed as well)
  {EXIT_USAGE}    the command line was wrong: an unknown option, a --root folder that does not
       exist, or no book here (no _config.yml and data/ in this folder or above it)
  {EXIT_UNFINISHED}    no errors, but unfinished FILL IN fields from `casekit new` are left to fill in
  {EXIT_PIPE}  the output was closed early, e.g. by `| head`; nothing was wrong
"""


_THEME_WORDS = ", ".join(THEMES)
_INSTRUMENT_WORDS = ", ".join(INSTRUMENTS)


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help text wrapped between words only, so a name like ``logistics-hub`` stays whole."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class UsageError(Exception):
    """A command line that cannot run: printed as one line, exit status 2."""


def _book(args: argparse.Namespace, *, kit_ok: bool = False) -> Path:
    """The book a command works on: ``--root``, ``CASEKIT_ROOT``, or the nearest book above here.

    Never the installed package's own source tree when the command runs outside a book:
    checking or scaffolding that silently would answer a question nobody asked.
    """
    command = f"casekit {args.command}"
    where = "run it inside the book's folder or give --root"
    explicit = args.root or os.environ.get(paths.ENV_ROOT)
    try:
        root = paths.book_root()
    except FileNotFoundError:
        root = None
    if root is None or not (explicit or Path.cwd().resolve().is_relative_to(root)):
        raise UsageError(
            f"{command}: no book here: neither {Path.cwd().resolve()} nor a folder above it holds "
            f"_config.yml and data/ ({where})"
        )
    if not (paths.is_book(root) or (kit_ok and paths.is_kit(root))):
        raise UsageError(f"{command}: {root} is not a book: it holds no _config.yml and data/ folder ({where})")
    return root


def cmd_check(args: argparse.Namespace) -> int:
    from .check import as_github, as_json, check_book, sort_problems, summary

    root = _book(args)
    problems, counts = check_book(root)
    problems = sort_problems(problems)  # errors first, then the to-do list of unfinished fields
    if args.format == "json":
        print(as_json(problems, counts, root))
    elif args.format == "github":
        for line in as_github(problems, root):
            print(line)
    else:
        for problem in problems:
            print(problem)
    print(summary(problems, counts), file=sys.stderr)
    if any(p.level != "unfinished" for p in problems):
        return EXIT_ERRORS
    return EXIT_UNFINISHED if problems else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from .. import cases

    _book(args, kit_ok=True)
    rows = [
        (c.id, c.theme, c.country, c.place, str(c.start_year), ",".join(c.instruments))
        for c in cases.filter(theme=args.theme, instrument=args.instrument)
    ]
    header = ("id", "theme", "country", "place", "start", "instruments")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)) + "  " + row[-1])
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_case

    root = _book(args)
    written = new_case(root, args.case_id, args.theme, args.place, args.country)
    for path in written:
        print(f"wrote {path.as_posix()}")
    print(
        "Next: fill in every FILL IN, add your sources to references.bib, then run `casekit check` "
        "(it lists what is still unfinished) and `make book`.",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_instruments(args: argparse.Namespace) -> int:
    width = max(map(len, INSTRUMENTS))
    for name, meaning in INSTRUMENTS.items():
        print(f"{name.ljust(width)}  {meaning}")
    return EXIT_OK


def cmd_diagnostic(args: argparse.Namespace) -> int:
    from .. import diagnostic

    responses, problems = diagnostic.read(Path(args.csv), display_name=args.csv)
    for problem in problems:
        print(problem)
    if responses is None:
        print(f"casekit diagnostic: {len(problems)} problem(s) in {args.csv}; nothing was profiled", file=sys.stderr)
        return EXIT_ERRORS
    label = " (SYNTHETIC example data)" if responses.synthetic else ""
    print(f"casekit diagnostic: OK, {len(responses)} responses{label}", file=sys.stderr)
    for constraint in diagnostic.constraint_profile(responses).itertuples(index=False):
        print(
            f"{constraint.constraint}: main barrier for {constraint.share_main:.0f}% of firms, named by {constraint.share_any:.0f}%"
        )
    return EXIT_OK


def _version() -> str:
    """The installed distribution's version (one source: the package metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("casekit")
    except PackageNotFoundError:
        return "(version unknown: casekit is not installed; run `make book` once)"


def parser() -> argparse.ArgumentParser:
    text = _Help
    top = argparse.ArgumentParser(
        prog="casekit",
        description="Tools for the Local Ecommerce Casebook.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=text,
    )
    top.add_argument("--version", action="version", version=f"casekit {_version()}")
    top.add_argument("--root", help="the book's folder (default: the nearest folder above here holding _config.yml)")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "check",
        help="validate case files, data, references and notebooks",
        description="Validate case files, data, references and notebooks; print one line per problem. "
        "Nothing is written.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=text,
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text: one line per problem (default); json: a list of problems with file, line, field, message "
        "and severity; github: GitHub Actions annotations (::error and ::warning lines) for a pull request",
    )
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new", formatter_class=text, help="scaffold a new case: case file, notebook, series file")
    p.add_argument("case_id", metavar="case-id", help="lowercase words joined by hyphens, e.g. lima-market-vouchers")
    p.add_argument("--theme", required=True, metavar="THEME", help=f"one of: {_THEME_WORDS}")
    p.add_argument("--place", required=True, help='the place, e.g. "Lima"')
    p.add_argument("--country", required=True, help="ISO 3166-1 alpha-3 code, e.g. PER")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("diagnostic", help="check a filled-in diagnostic survey CSV and print its constraint profile")
    p.add_argument("csv", help="the responses file, e.g. my-town-responses.csv (template: data/diagnostic/)")
    p.set_defaults(func=cmd_diagnostic)
    p = sub.add_parser("instruments", help="list the instrument vocabulary")
    p.set_defaults(func=cmd_instruments)
    p = sub.add_parser("list", formatter_class=text, help="list the cases")
    p.add_argument("--theme", metavar="THEME", help=f"only cases of this theme, one of: {_THEME_WORDS}")
    p.add_argument(
        "--instrument",
        metavar="INSTRUMENT",
        help=f"only cases using this instrument, one of: {_INSTRUMENT_WORDS} (meanings: casekit instruments)",
    )
    p.set_defaults(func=cmd_list)
    return top


def _silence(stream: TextIO) -> None:
    """Point a closed output at the null device, so Python's flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):
        pass  # not a real file (e.g. captured by a test): nothing will flush it at exit


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.root:
            root = Path(args.root)
            if not root.is_dir():
                raise UsageError(
                    f"casekit: --root {args.root}: no such folder (expected the book's folder, "
                    "the one holding _config.yml and data/)"
                )
            os.environ[paths.ENV_ROOT] = str(root.resolve())
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at interpreter exit
        return status
    except BrokenPipeError:  # `casekit list | head`: the reader has all it wanted
        _silence(sys.stdout)
        _silence(sys.stderr)
        return EXIT_PIPE
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except CasekitError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERRORS
    except FileNotFoundError as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return EXIT_ERRORS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
