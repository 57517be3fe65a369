"""Fixes to the theme's HTML: named sidebar buttons, deferred scripts, citation roles."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _
from . import compat


def _name_summaries(html: str) -> str:
    """Give the sidebar's expand/collapse buttons an accessible name.

    pydata-sphinx-theme 0.17 writes ``<summary>`` elements holding only a chevron
    icon, which axe reports as ``summary-name`` (serious) on every page.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("summary"):
        if summary.get_text(strip=True):
            continue
        item = summary.find_parent("li")
        link = item.select_one("a.reference") if item else None
        hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
        if link:
            hidden.string = _("Show or hide the pages under {section}").format(section=link.get_text(" ", strip=True))
        else:
            hidden.string = _("Show or hide the pages under this section")
        summary.append(hidden)
    return str(soup)


#: The accessible name of the region around the theme's home link (_templates/navbar-logo.html).
BOOK_TITLE_REGION = N_("Book title")


def name_sidebar_buttons(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``, after the theme (priority 500) has put its toctree function in the context.

    Also the accessible names our templates write, in the edition's language.
    """
    compat.wrap_toctree_html(context, _name_summaries)
    context["casekit_book_title_region"] = _(BOOK_TITLE_REGION)


# Read by the inline ``DOCUMENTATION_OPTIONS.pagename = ...`` snippet, so it must run first.
KEEP_BLOCKING = {"_static/documentation_options.js"}


def _defer_scripts(context: dict) -> None:
    """Load every script file of the page with ``defer``, so none holds up the first paint.

    Deferred scripts still run in their order, after the page is parsed and before
    DOMContentLoaded, which is when Sphinx's, the theme's and the extensions' scripts start
    their work anyway. Inline snippets only set variables and stay as they are. The search
    page is left alone: its index script calls searchtools.js as it loads.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    scripts[:] = [compat.deferred_script(js, KEEP_BLOCKING) for js in scripts]


def defer_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: every page but the search page loads its scripts deferred."""
    if pagename != "search":
        _defer_scripts(context)


def list_citations(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: docutils marks citations with the deprecated DPUB role inside a
    role="list" container, which axe reports as aria-required-children (critical)."""
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = compat.citations_as_list_items(body)
