"""The book's editions (issue 15): one build per language, published side by side.

* ``python -m casekit.sphinxext.build [LANGUAGE ...]`` (:mod:`.build`) builds the editions, each in
  its own folder (``_build/`` for English, ``_build/<language>/`` for the others: own execution
  cache, executed notebooks and doctrees, so outputs are never mixed);
* in the build (the hooks below): the build's language reaches casekit (``CASEKIT_LANGUAGE``, so the
  kernels write their charts and tables in it); an edition's own settings
  (``locales/<language>/config.yml``) are applied; every page links to the same page in the other
  editions; a translated edition is copied into the site once it has built.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from sphinx.util import logging

from ..i18n import LANGUAGE_VARIABLE, LANGUAGES
from .registry import DEFAULT_EDITION, EDITIONS, Registry, site_prefix

logger = logging.getLogger(__name__)

#: An edition's own Sphinx settings, merged over ``_config.yml``'s (dictionaries one level deep).
EDITION_CONFIG = "config.yml"


def edition_config_file(root: Path, language: str) -> Path:
    return Path(root) / "locales" / language / EDITION_CONFIG


def apply_edition(app: Any, config: Any) -> None:
    """``config-inited``: the build's language for casekit, and the edition's own settings."""
    language = config.language or DEFAULT_EDITION
    if language not in EDITIONS:
        from sphinx.errors import ConfigError

        raise ConfigError(f"language: expected one of the book's editions {', '.join(EDITIONS)}, got {language!r}")
    os.environ[LANGUAGE_VARIABLE] = language  # kernels and casekit in this process write this language
    # The language switcher's template comes with the extension (any book that loads it has it).
    templates = str(Path(__file__).parent / "templates")
    if templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]
    path = edition_config_file(Path(app.srcdir), language)
    if language == DEFAULT_EDITION or not path.is_file():
        return
    import yaml

    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for name, value in settings.items():
        current = getattr(config, name, None)
        if isinstance(current, dict) and isinstance(value, dict):
            value = {**current, **value}
        config[name] = value


# The language switcher ------------------------------------------------------------------------
def edition_links(pagename: str, language: str) -> list[dict[str, Any]]:
    """Links from ``pagename`` of edition ``language`` to the same page in every edition.

    Relative, so they work from disk and in the workshop kit as well as on the web: the English
    pages sit at the site's root and another edition's in its folder (``es/``).
    """
    up = "../" * (pagename.count("/") + site_prefix(language).count("/"))
    return [
        {
            "language": edition,
            "name": LANGUAGES[edition],
            "url": f"{up}{site_prefix(edition)}{pagename}.html",
            "current": edition == language,
        }
        for edition in EDITIONS
    ]


def add_edition_links(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: the switcher's links (``_templates/language-switcher.html``)."""
    context["casekit_editions"] = edition_links(pagename, app.config.language or DEFAULT_EDITION)


# Publishing a translated edition inside the site -----------------------------------------------
def sync_tree(source: Path, target: Path) -> int:
    """Make ``target`` a copy of ``source``: copy what differs, remove what ``source`` lacks.

    Safe to interrupt: each file is copied to a temporary name and renamed, and the next run
    finds whatever is still different. Returns the number of files copied or removed.
    """
    changed = 0
    wanted = set()
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        wanted.add(relative)
        copy = target / relative
        if path.is_dir():
            copy.mkdir(parents=True, exist_ok=True)
            continue
        stat = path.stat()
        try:
            other = copy.stat()
            if other.st_size == stat.st_size and other.st_mtime_ns == stat.st_mtime_ns:
                continue
        except OSError:
            pass
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_name(copy.name + ".casekit-partial")
        shutil.copy2(path, partial)
        partial.replace(copy)
        changed += 1
    for path in sorted(target.rglob("*"), reverse=True):
        if path.relative_to(target) not in wanted:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            changed += 1
    return changed


def publish_edition(app: Any, exception: Exception | None) -> None:
    """``build-finished``: a translated edition that built is copied to its folder of the site."""
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    registry = Registry.for_app(app)
    if registry.edition == DEFAULT_EDITION or Path(app.outdir).resolve() != registry.html_dir.resolve():
        return
    changed = sync_tree(Path(app.outdir), registry.site_dir)
    logger.info(f"[casekit] {registry.edition} edition published in {registry.site_dir}: {changed} file(s) updated")
