"""The book's Sphinx extension (``casekit.sphinxext`` in ``_config.yml``): one module per job.

* :mod:`.editions`: one build per language (English, Spanish), linked and published side by side
  (:mod:`.build` runs them: `make book`);
* :mod:`.catalogs`: a translated edition's pages are translated completely;
* :mod:`.cache`: page fingerprints, so a change to casekit, data, references or the lock
  re-executes exactly the notebooks it affects;
* :mod:`.execute`: the notebooks the cache lacks, executed in parallel before Sphinx reads them;
* :mod:`.kernelstart`: kernels start one at a time (no two race for a port);
* :mod:`.safety`: data and prose never publish raw HTML, the raw directive or outside files;
* :mod:`.tagpages`: the tag pages, written from the case files before the sources are read;
* :mod:`.codehide`, :mod:`.inbrief`: code behind a toggle, an "In brief" box on case pages;
* :mod:`.bibliography` (with :mod:`.bibstyle`): the bibliography style and its cache;
* :mod:`.gitdates`: the footer's "Last updated" from git, and pages written again when it changes;
* :mod:`.htmlfixes`: accessible sidebar buttons, deferred scripts, citation roles;
* :mod:`.staticfiles`: a changed file in ``_static/`` is published even when no page changed;
* :mod:`.charts`: the chart runtime, the per-page chart loader and the world outline;
* :mod:`.publish` (with :mod:`.downloads`): ``data/`` and each page's ``.ipynb`` in the site;
* :mod:`.templatedownloads`: the design template's .md and .docx downloads;
* :mod:`.compat`: every patch of another package (valid HTML, build speed), each tested upstream.

:mod:`.nbexport` and :mod:`.nbval_guard` serve ``make nbval`` and are not Sphinx hooks.
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx

from ..render import render_mode_variable
from . import (
    bibliography,
    catalogs,
    charts,
    codehide,
    compat,
    editions,
    execute,
    gitdates,
    htmlfixes,
    inbrief,
    kernelstart,
    publish,
    safety,
    staticfiles,
    tagpages,
    templatedownloads,
)

#: Bump when page output changes: Sphinx then reads every page again.
ENV_VERSION = 10
#: ``html-page-context`` hooks run after the theme (priority 500) has filled the context.
AFTER_THEME = 900


def setup(app: Sphinx) -> dict[str, Any]:
    # Notebooks executed by this build render charts for the site (no embedded runtime);
    # kernels inherit this process's environment.
    os.environ[render_mode_variable()] = "site"
    # Builds may run side by side (tests, prebuild): start their kernels one at a time.
    kernelstart.install()
    bibliography.register_style()

    app.add_transform(safety.EscapeUnlistedRawHtml)
    # A translated edition: every message of every page translated, none left over.
    app.add_transform(catalogs.KeepCodeReferenceInEnglish)
    app.add_transform(catalogs.CheckPageTranslation)
    app.add_transform(catalogs.TranslateTocCaptions)
    app.connect("env-purge-doc", catalogs.purge)
    app.connect("env-merge-info", catalogs.merge)
    app.connect("env-check-consistency", catalogs.report)
    app.connect("builder-inited", safety.no_raw_directive)
    app.connect("env-updated", safety.drop_outside_files)
    # First: the edition's language and settings (casekit.sphinxext.editions).
    app.connect("config-inited", editions.apply_edition, priority=50)
    app.connect("config-inited", charts.add_static_path)
    # Before sphinx-external-toc expands the _toc.yml globs (default priority 500).
    app.connect("config-inited", tagpages.generate_pages, priority=100)
    app.connect("env-get-outdated", execute.on_env_get_outdated)
    app.connect("env-get-outdated", staticfiles.outdated_for_static_files)
    app.connect("env-check-consistency", execute.on_env_check_consistency)  # after Sphinx saved its environment
    app.connect("builder-inited", gitdates.read_git_state)
    app.connect("env-updated", gitdates.write_redated_pages)
    app.connect("build-finished", gitdates.save_footers)
    app.connect("builder-inited", bibliography.open_cache)
    app.connect("build-finished", bibliography.save_cache)
    # Readers first (issue 11): code hidden behind a toggle; an "In brief" box on case pages.
    app.add_post_transform(codehide.HideCodeByDefault)
    # Valid HTML (issue 13, section 8): unique exercise ids, no <p> inside the code toggle's <summary>.
    compat.unique_exercise_ids(app)
    app.add_transform(compat.TranslatedSolutionTitles)
    app.add_transform(compat.UniqueIdsAfterTranslation)
    compat.hidden_cell_labels_as_spans(app)
    app.connect("doctree-read", inbrief.insert_box)
    app.connect("html-page-context", editions.add_edition_links)
    app.connect("html-page-context", gitdates.add_footer, priority=AFTER_THEME)
    app.connect("html-page-context", htmlfixes.name_sidebar_buttons, priority=AFTER_THEME)
    app.connect("html-page-context", charts.add_chart_loader, priority=AFTER_THEME)
    app.connect("html-page-context", htmlfixes.defer_scripts, priority=AFTER_THEME)
    app.connect("html-page-context", htmlfixes.list_citations, priority=AFTER_THEME)
    app.connect("build-finished", charts.publish_world_script)
    app.connect("build-finished", publish.copy_data)
    app.connect("build-finished", publish.remove_orphan_pages)
    app.connect("build-finished", editions.publish_edition, priority=900)  # after every file is written
    # Costs of other extensions, removed at the cause (issue 13): a lean environment pickle, an indexed
    # bibliography filter, figure numbers kept when unchanged, pybtex plugin look-ups remembered.
    compat.speed_up(app)
    app.connect("build-finished", templatedownloads.write_template_downloads)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": ENV_VERSION}
