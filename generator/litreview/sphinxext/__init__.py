"""The Sphinx side of litreview: the vocabulary of the generated pages, paper pages
without docutils documents, and each edition's settings.

The generator hands Sphinx what ``litreview.contract`` types: two JSON files under
``docs/_generated/`` and, per edition, ``-D litreview_edition=...`` settings that this
extension turns into the theme's version switcher and the canonical base URL.

Search is Pagefind's (``litreview.site.search``), so Sphinx's own indexer is switched off
(``builder.search``, the attribute Sphinx itself uses for builders without search): it
cost about a third of a build in stemming, and its index was loaded on every page.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from . import directives, paper_pages


def _edition_settings(app: Sphinx, config: Config) -> None:
    """An edition's name, switcher and base URL (``-D litreview_...``) -> the theme's
    version switcher and banner, the version, and canonical links."""
    edition = config.litreview_edition
    if not edition:
        return
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]*", edition):
        raise ValueError(f"litreview_edition: not an edition name: {edition!r}")
    # no version: Sphinx writes it into _static/documentation_options.js, which every
    # edition shares (and each page links with a checksum of it); the switcher says the
    # edition
    config.version = config.release = ""
    config.html_theme_options = {
        **config.html_theme_options,
        "switcher": {"json_url": config.litreview_switcher_url, "version_match": edition},
        "check_switcher": False,  # the build has no network; the URL is checked in tests
        # an older edition's banner is the skeleton's (_static/edition-banner.js): the
        # theme's speaks of documentation and a "stable version"
        "show_version_warning_banner": False,
        "navbar_end": ["version-switcher", "theme-switcher"],
    }
    # the pages are sources under <folder>/ (the edition's, or latest/); its search too
    folder = config.litreview_folder or edition
    config.html_additional_pages = {f"{folder}/search": "search.html"}
    if config.litreview_base_url:
        config.html_baseurl = config.litreview_base_url


#: docutils' own viewport tag, which a document's meta tags carry
_DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*" />\n?')


def drop_docutils_viewport(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    """The layout has a viewport tag already; docutils' copy in ``metatags`` would add one
    more (validators flag repeated viewports)."""
    if "metatags" in context:
        context["metatags"] = _DOCUTILS_VIEWPORT.sub("", context["metatags"])


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: Any) -> None:
    """Every page names the newest edition's Atom feed of new papers, so that a browser or
    a feed reader given any page's address finds it."""
    if "pathto" not in context:
        return
    href = html.escape(context["pathto"]("latest/feed.xml", 1), quote=True)
    context["metatags"] = context.get("metatags", "") + (
        '<link rel="alternate" type="application/atom+xml" title="New papers" '
        f'href="{href}">')


#: a theme's page (not the overview, the map, or the page a merged theme left behind)
_THEME_PAGE = re.compile(r"^[^/]+/themes/(?!index$|map$)[a-z0-9-]+$")


def searchable(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """Pagefind indexes paper and theme pages only (``data-pagefind-body``): the home
    page, the lists and "what's new" would outrank the papers they list. A theme page
    is filtered as kind "Theme"; a paper page says "Paper" itself."""
    if "body" not in context:
        return
    if context.get("litreview_paper"):
        context["body"] = f"<div data-pagefind-body>{context['body']}</div>"
    elif _THEME_PAGE.match(pagename) and "Moved theme" not in context.get("title", ""):
        context["body"] = ('<div data-pagefind-body data-pagefind-filter="kind:Theme">'
                           f"{context['body']}</div>")


def edition_relative_pagename(app: Sphinx, pagename: str, templatename: str,
                              context: dict[str, Any], doctree: Any) -> None:
    """An edition's page tells the theme's scripts its name inside the edition
    (``themes/x``, not ``<folder>/themes/x``): the version switcher and the banner of an
    older edition lead to the same page in another edition by that name."""
    folder = app.config.litreview_folder or app.config.litreview_edition
    context["litreview_folder"] = folder
    if folder and pagename.startswith(folder + "/"):
        rel = pagename[len(folder) + 1:]
        app.add_js_file(None, body=f"DOCUMENTATION_OPTIONS.pagename = {json.dumps(rel)};")


def _no_sphinx_search(app: Sphinx) -> None:
    """Pagefind indexes the built site; Sphinx's indexer would only cost time."""
    if hasattr(app.builder, "search"):
        app.builder.search = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("litreview_edition", "", "html", str)
    app.add_config_value("litreview_folder", "", "html", str)
    app.add_config_value("litreview_switcher_url", "", "html", str)
    app.add_config_value("litreview_base_url", "", "html", str)
    app.connect("config-inited", _edition_settings)
    app.add_role("sitefile", directives.sitefile_role)
    app.add_role("latestfile", directives.sitefile_role)
    for role in ("paper", "cite", "citep", "theme"):
        app.add_role(role, directives.reference_role)
    app.add_directive("litreview-figure", directives.FigureDirective)
    app.add_directive("paper-list", directives.PaperListDirective)
    app.connect("builder-inited", paper_pages.load)
    app.connect("builder-inited", _no_sphinx_search)
    app.connect("env-get-outdated", paper_pages.outdated)
    app.connect("env-purge-doc", paper_pages.purge)
    app.connect("env-merge-info", paper_pages.merge)
    app.connect("html-collect-pages", paper_pages.collect)
    # before pydata-sphinx-theme's handler (priority 500), which reads the switcher
    app.connect("html-page-context", paper_pages.no_edition, priority=400)
    # after it: it adds the switcher settings, the page name and the menu's functions
    app.connect("html-page-context", paper_pages.lean_assets, priority=900)
    app.connect("html-page-context", paper_pages.edition_links, priority=900)
    app.connect("html-page-context", edition_relative_pagename, priority=900)
    app.connect("html-page-context", drop_docutils_viewport)
    app.connect("html-page-context", feed_link)
    app.connect("html-page-context", searchable)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
