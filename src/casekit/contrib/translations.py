"""Translation catalogs for what the book generates: written from the sources, and checked.

``make translations`` runs :func:`update_all` after ``sphinx-intl update`` (which does the same for
the hand-written pages). Each catalog is brought up to date the way sphinx-intl does it, with
Babel's ``Catalog.update``: a new English message arrives untranslated, a changed one arrives
*fuzzy* with its old translation as a suggestion, and a removed one is dropped. :func:`problems`
is what ``casekit check`` and ``make test`` report: untranslated, fuzzy or obsolete messages, and a
catalog that is out of date with its English source.

Two kinds of catalog (see :mod:`casekit.i18n`):

* casekit's own words: ``src/casekit/locales/<language>/<module>.po``, from the ``_()`` and
  ``ngettext()`` calls in each module (Babel's Python extractor);
* data files' prose: ``locales/<language>/data/<path under data/>.po``, from the fields
  :data:`casekit.cases.PROSE_FIELDS` names (``msgctxt`` is the field, ``msgid`` the English text).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import i18n, paths
from ..errors import Problem

#: The editions' languages, named in English for the checker's messages.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
#: Catalog headers carry fixed dates, so updating an unchanged catalog changes no byte.
_FIXED_DATE = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
_WIDTH = 76  # sphinx-intl's line width, so every catalog of the book wraps alike
#: Keywords of Babel's Python extractor: ``_(message)``, ``gettext(message)``, ``ngettext(s, p, n)``,
#: and ``N_(message)``, which only marks a message (a vocabulary label) that ``_()`` looks up where shown.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "pgettext": ((1, "c"), 2)}

#: (msgctxt, msgid, locations[, extracted comments for the translator])
Entry = tuple


def _new_catalog(lang: str) -> Any:
    from babel.messages.catalog import Catalog

    return Catalog(
        locale=lang,
        project="Local Ecommerce Casebook",
        copyright_holder="Local Ecommerce Casebook contributors",
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
        last_translator="Local Ecommerce Casebook contributors",
        language_team=i18n.LANGUAGES.get(lang, lang),
        fuzzy=False,
    )


def render(path: Path, entries: Iterable[Entry], lang: str) -> bytes:
    """The catalog ``path`` should hold for ``entries``: its translations kept, changes fuzzy."""
    from babel.messages.pofile import read_po, write_po

    template = _new_catalog(lang)
    for context, message, locations, *comments in entries:
        notes = list(comments[0]) if comments else []
        existing = template.get(message, context)
        if existing is None:
            template.add(message, locations=locations, context=context, auto_comments=notes)
        else:
            existing.locations.extend(locations)
            existing.auto_comments.extend(n for n in notes if n not in existing.auto_comments)
    for message in template:
        message.flags.discard("python-format")  # prose, not format strings (msgfmt would compare % pairs)
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, update_creation_date=False)
        catalog.creation_date = catalog.revision_date = _FIXED_DATE
    else:
        catalog = template
    for message in catalog:
        message.flags.discard("python-format")
    out = io.BytesIO()
    write_po(out, catalog, width=_WIDTH, ignore_obsolete=True, include_previous=False, sort_output=False)
    return out.getvalue()


def _write(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".po.tmp")
    temporary.write_bytes(content)
    temporary.replace(path)  # never a half-written catalog
    return True


# What each catalog is made from ----------------------------------------------------------------
def _prose_entries(data: object, where: str, walk: Callable[[Callable[[str, str], str]], object]) -> list[Entry]:
    """The prose strings ``walk`` visits in ``data``, in order: (field, text, where)."""
    found: list[Entry] = []

    def keep(field: str, text: str) -> str:
        text = text.strip()
        if text:
            found.append((field, text, [(where, 0)]))
        return text

    walk(keep)
    return found


def case_entries(case_file: Path) -> list[Entry]:
    """The prose of one case file, in file order (from the English file, never a translation)."""
    from ..cases import load_yaml, prose

    data = load_yaml(case_file.read_text(encoding="utf-8"))
    return _prose_entries(data, f"data/cases/{case_file.name}", lambda keep: prose(data, keep))


def design_entries(design_file: Path) -> list[Entry]:
    """The prose of one "Design a programme" file (data/design/), as for a case file."""
    from ..cases import load_yaml
    from ..design import DESIGN_DIR, PROSE_FIELDS, prose

    data = load_yaml(design_file.read_text(encoding="utf-8"))
    where = f"data/{DESIGN_DIR}/{design_file.name}"
    return _prose_entries(data, where, lambda keep: prose(data, keep, PROSE_FIELDS[design_file.name]))


def module_entries(module: Path) -> list[Entry]:
    """The ``_()``/``ngettext()`` messages of one casekit module, in source order."""
    from babel.messages.extract import extract_from_file

    found: list[Entry] = []
    for _lineno, message, _comments, context in extract_from_file("python", str(module), keywords=KEYWORDS):
        # The file, without the line: moving code about leaves the catalog as it is.
        found.append((context, message, [(f"src/casekit/{module.relative_to(_package()).as_posix()}", 0)]))
    return found


#: Keyword arguments whose text a notebook passes to casekit to show (casekit looks them up with
#: :func:`casekit.i18n.text`): the words of its charts and tables.
TEXT_ARGUMENTS = ("title", "subtitle", "description", "x_title", "y_title", "caption", "highlight", "legend_title")


def notebook_entries(source: Path, root: Path) -> list[Entry]:
    """The texts a notebook's code passes to casekit (``TEXT_ARGUMENTS``) or wraps in
    ``casekit.i18n.text()`` (or ``_()``)."""
    import ast

    import jupytext

    notebook = jupytext.read(source)
    where = source.relative_to(root).as_posix()
    found: list[Entry] = []

    def constant(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue  # IPython magics: nothing of ours to translate
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            texts = [(constant(k.value), f"{k.arg}=") for k in node.keywords if k.arg in TEXT_ARGUMENTS]
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for keyword in node.keywords:  # casekit.table(..., columns={"name": "Heading"})
                if keyword.arg == "columns" and isinstance(keyword.value, ast.Dict):
                    texts += [(constant(v), "columns=") for v in keyword.value.values if v is not None]
            if name == "table" and len(node.args) > 1:  # casekit.table(df, "Caption")
                texts.append((constant(node.args[1]), "caption"))
            if name in ("_", "text") and node.args:  # _("...") or casekit.i18n.text("...")
                texts.append((constant(node.args[0]), f"{name}()"))
            for text, how in texts:
                if text and text.strip():
                    found.append((None, text, [(where, 0)], [f"casekit: {how}"]))
    return found


def _package() -> Path:
    return Path(__file__).resolve().parent.parent


def package_catalogs(lang: str) -> Iterator[tuple[Path, list[Entry]]]:
    """casekit's modules that call ``_()``, each with its catalog path and messages."""
    base = _package()
    for module in sorted(base.rglob("*.py")):
        entries = module_entries(module)
        if entries:
            name = module.relative_to(base).with_suffix("").as_posix().replace("/", ".")
            yield i18n.PACKAGE_LOCALES / lang / f"{name}.po", entries


def table_entries(root: Path, rel_path: str) -> list[Entry]:
    """The prose of one series or indicator file (:data:`casekit.data.PROSE_COLUMNS`): one message
    per distinct text of each prose column (``msgctxt`` the column), in file order."""
    import csv

    from ..data import prose_columns

    columns = prose_columns(rel_path)
    found: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    with (paths.data_dir(root) / rel_path).open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            for column in columns:
                text = row.get(column) or ""
                if text.strip() and (column, text) not in seen:
                    seen.add((column, text))
                    found.append((column, text, [(f"data/{rel_path}", line)]))
    return found


def data_catalogs(root: Path, lang: str) -> Iterator[tuple[Path, list[Entry]]]:
    """The book's data files with prose, each with its catalog path and messages."""
    from ..cases import case_files

    for case_file in case_files(root):
        yield i18n.case_catalog(root, case_file.stem, lang), case_entries(case_file)
    from ..design import DESIGN_DIR, PROSE_FIELDS

    for name in PROSE_FIELDS:
        design_file = paths.data_dir(root) / DESIGN_DIR / name
        if design_file.is_file():
            yield i18n.data_catalog(root, f"{DESIGN_DIR}/{name}", lang), design_entries(design_file)

    for folder in ("series", "indicators"):  # casekit.data.PROSE_COLUMNS
        for table in sorted((paths.data_dir(root) / folder).glob("*.csv")):
            rel_path = f"{folder}/{table.name}"
            entries = table_entries(root, rel_path)
            if entries:
                yield i18n.data_catalog(root, rel_path, lang), entries


def notebook_catalogs(root: Path, lang: str) -> Iterator[tuple[Path, list[Entry]]]:
    """Every notebook page with texts of its own, with its catalog path and messages."""
    from ..sphinxext.registry import Registry

    for docname, source in sorted(Registry(root, lang).notebooks().items()):
        entries = notebook_entries(source, Path(root).resolve())
        if entries:
            yield i18n.notebook_catalog(root, docname, lang), entries


def all_catalogs(root: Path, lang: str) -> Iterator[tuple[Path, list[Entry]]]:
    yield from package_catalogs(lang)
    yield from data_catalogs(root, lang)
    yield from notebook_catalogs(root, lang)


def update_all(root: Path, lang: str) -> list[Path]:
    """Bring every generated-text catalog of ``lang`` up to date; remove those of removed sources."""
    written, expected = [], set()
    for path, entries in all_catalogs(root, lang):
        expected.add(path)
        if _write(path, render(path, entries, lang)):
            written.append(path)
    book_locales = Path(root) / "locales" / lang
    for folder in (i18n.PACKAGE_LOCALES / lang, book_locales / "data", book_locales / i18n.NOTEBOOK_CATALOGS):
        for stale in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            if stale not in expected:
                stale.unlink()
                written.append(stale)
    return written


# Checks --------------------------------------------------------------------------------------
def catalog_problems(path: Path) -> list[Problem]:
    """Untranslated, fuzzy or obsolete messages of one ``.po`` file, one problem each."""
    from babel.messages.pofile import read_po

    shown = paths.display(path)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as exc:  # a syntax error in a catalog: one line, no traceback
        return [Problem(shown, "(file)", f"expected a valid gettext catalog (.po), got: {exc}")]
    problems = []
    if catalog.fuzzy:  # sphinx-intl marks a new catalog's header so until someone has checked it
        problems.append(
            Problem(
                shown,
                "(header)",
                "the catalog is marked fuzzy: check its translations, then remove the header's fuzzy flag",
            )
        )
    for message in catalog:
        if not message.id:
            continue
        first = message.id[0] if isinstance(message.id, tuple | list) else message.id
        where = f"line {message.lineno}" if message.lineno else "(message)"
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy:
            problems.append(
                Problem(shown, where, f"fuzzy translation of {_short(first)}: check it, then remove the fuzzy flag")
            )
        elif not all(strings):
            problems.append(Problem(shown, where, f"no translation yet for {_short(first)}"))
    for key in catalog.obsolete:
        problems.append(
            Problem(
                shown, "(obsolete)", f"an obsolete message ({_short(str(key))}): remove it (make translations does)"
            )
        )
    return problems


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def disagreements(root: Path, lang: str) -> list[Problem]:
    """A sentence two notebooks share, translated differently (casekit looks both up in one table)."""
    seen: dict[str, tuple[str, Path]] = {}
    found = []
    for path in sorted((Path(root) / "locales" / lang / i18n.NOTEBOOK_CATALOGS).rglob("*.po")):
        for (context, message), translation in i18n.read_catalog(path).items():
            if context is not None or not isinstance(translation, str):
                continue
            if message in seen and seen[message][0] != translation:
                found.append(
                    Problem(
                        paths.display(path),
                        _short(message),
                        f"translated differently in {paths.display(seen[message][1])}; give both the same translation",
                    )
                )
            seen.setdefault(message, (translation, path))
    return found


def problems(root: Path, lang: str) -> list[Problem]:
    """Every generated-text catalog of ``lang``: missing, out of date, or with messages to translate."""
    found: list[Problem] = disagreements(root, lang)
    for path, entries in all_catalogs(root, lang):
        if not path.is_file():
            what = (
                f"case {path.stem} has no {LANGUAGE_NAMES[lang]} text yet"
                if path.parent.name == "cases"
                else f"no {LANGUAGE_NAMES[lang]} catalog yet"
            )
            found.append(
                Problem(
                    paths.display(path),
                    "(file)",
                    f"{what}: run `make translations` to create this catalog, then translate its messages "
                    "(CONTRIBUTING.md, Translations; a maintainer can do it for you)",
                )
            )
            continue
        if render(path, entries, lang) != path.read_bytes():
            found.append(
                Problem(
                    paths.display(path),
                    "(file)",
                    "out of date with its English source; run `make translations`, then translate the new or fuzzy messages",
                )
            )
        found.extend(catalog_problems(path))
    return found


# make translations ------------------------------------------------------------------------------
def extract_pages(root: Path) -> Path:
    """Sphinx's gettext builder over the book: one ``.pot`` per page in ``_build/gettext``.

    Notebooks are not executed: only the pages' own text is extracted (a notebook's outputs are
    casekit's and the notebook's catalogs). Settings as the book's (``gettext_compact: false``).
    """
    from jupyter_book.sphinx import build_sphinx

    out = Path(root) / "_build" / "gettext" / "pot"
    result = build_sphinx(
        Path(root),
        out,
        doctreedir=out.parent / ".doctrees",  # not the HTML build's: Sphinx refuses to share one
        use_external_toc=True,
        noconfig=True,
        path_config=str(Path(root) / "_config.yml"),
        confoverrides={
            "external_toc_path": (Path(root) / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nb_execution_mode": "off",
        },
        builder="gettext",
        freshenv=True,  # every page read again: what is extracted never depends on an earlier run
    )
    if result != 0:
        raise RuntimeError("the gettext build failed; see the messages above")
    return out


def update_pages(root: Path, pot_dir: Path, lang: str) -> list[Path]:
    """``sphinx-intl update`` for one language, then what sphinx-intl leaves to do by hand.

    Obsolete messages are dropped (the English they translated is gone; git keeps them); Babel's
    ``python-format`` flag is removed (pages are prose: ``msgfmt --check`` would compare ``%``
    pairs); the catalog of a page that no longer exists, or has nothing to translate, is deleted.
    """
    from babel.messages.pofile import read_po, write_po
    from sphinx_intl import basic

    locale_dir = Path(root) / "locales"
    with contextlib.redirect_stdout(io.StringIO()):  # a "Not Changed: <file>" line per page
        basic.update(str(locale_dir), str(pot_dir), (lang,), line_width=_WIDTH, ignore_obsolete=True)
    pages = locale_dir / lang / "LC_MESSAGES"
    pots = {p.relative_to(pot_dir).with_suffix(".po") for p in pot_dir.rglob("*.pot")}
    changed = []
    for path in sorted(pages.rglob("*.po")):
        if path.relative_to(pages) not in pots:
            path.unlink()
            changed.append(path)
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        if not any(m.id for m in catalog):  # a page with nothing to translate (a tag page's words are casekit's)
            path.unlink()
            path.with_suffix(".mo").unlink(missing_ok=True)
            changed.append(path)
            continue
        flagged = [m for m in catalog if "python-format" in m.flags]
        if flagged:
            for message in flagged:
                message.flags.discard("python-format")
            out = io.BytesIO()
            write_po(out, catalog, width=_WIDTH, ignore_obsolete=True)
            _write(path, out.getvalue())
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    """``make translations``: every catalog of every translated edition brought up to date."""
    import sys

    from ..sphinxext.registry import DEFAULT_EDITION, EDITIONS

    languages = (argv if argv is not None else sys.argv[1:]) or [e for e in EDITIONS if e != DEFAULT_EDITION]
    root = paths.book_root()
    try:
        pot_dir = extract_pages(root)
    except RuntimeError as exc:
        print(f"translations: {exc}", file=sys.stderr)
        return 1
    for lang in languages:
        update_pages(root, pot_dir, lang)
        written = update_all(root, lang)
        left = problems(root, lang)
        print(
            f"translations ({lang}): page catalogs updated with sphinx-intl; {len(written)} generated-text "
            f"catalog(s) written; {len(left)} message(s) of generated text to translate or check "
            "(`casekit check` lists them; the build lists the pages')",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
