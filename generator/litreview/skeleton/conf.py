"""Sphinx configuration of the literature-review site.

Dump text is untrusted: the generator escapes it (see generator/text.py); this file keeps
the settings that escaping relies on (no smartquotes, no substitutions, no raw HTML).
"""

from __future__ import annotations

project = "Daily Papers Review"
author = "The litreview maintainers"
copyright = "2026, the litreview maintainers; abstracts belong to their authors"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "litreview.sphinxext",
]

# --- untrusted-text safety --------------------------------------------------------------
smartquotes = False  # rendered text must equal the input text
myst_enable_extensions: list[str] = []  # no substitutions (jinja), no html, no dollarmath
myst_disable_syntax = ["html_block", "html_inline"]
myst_all_links_external = False
raw_enabled = False
file_insertion_enabled = True  # our own index.md includes the generated home snippet

# --- sources ------------------------------------------------------------------------------
source_suffix = {".md": "markdown"}
# each edition's pages are under <edition>/: `litreview build` passes
# `-D root_doc=<edition>/index` (litreview.contract.EditionSettings)
root_doc = "index"
exclude_patterns = ["_build", "_generated", "*/_generated", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
html_static_path = ["_static"]
# an edition's library.bib, papers.json, feeds and pictures at stable URLs
# (litreview.contract.PUBLISHED_DIR), and an empty Sphinx search index: search is
# Pagefind's (search.html, which litreview.sphinxext puts at <edition>/search), Sphinx's
# is off
html_extra_path = ["_generated/extra", "_extra"]
html_css_files = ["litreview.css"]
# the banner an older edition shows (pydata-sphinx-theme's speaks of "documentation")
html_js_files: list[str] = ["edition-banner.js", "sort-lists.js"]
html_favicon = "_static/favicon.svg"

# --- output ---------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Daily Papers Review"
html_copy_source = False
html_use_index = False  # no index entries are written; search is Pagefind
html_show_sourcelink = False
html_last_updated_fmt = None
# no section navigation where a page has no section to navigate (it would be an empty
# column headed "Section Navigation")
html_sidebars: dict[str, list[str]] = {
    "papers/*": [],
    "*/papers/*": [],
    "*/index": [],
    "*/how-to-cite": [],
    "*/edition/*": [],
}
html_theme_options = {
    "navigation_depth": 2,
    "show_nav_level": 1,
    "collapse_navigation": True,
    "header_links_before_dropdown": 5,
    "secondary_sidebar_items": ["page-toc"],
    "show_prev_next": False,
    "footer_start": ["copyright"],
    "footer_end": [],
    "navbar_align": "left",
    "search_bar_text": "Search papers…",
    # these never render empty here; checking (by rendering each one for every page)
    # cost ~0.4 ms a page, 4 s at 10,000 papers
    "templates_skip_empty_check": ["navbar-logo.html", "navbar-nav.html",
                                   "search-button-field.html", "version-switcher.html",
                                   "theme-switcher.html", "breadcrumbs.html", "copyright.html",
                                   "sidebar-nav-bs.html"],
    "primary_sidebar_end": [],  # no ad placeholder
}
html_context = {"default_mode": "auto"}

# --- editions -------------------------------------------------------------------------
# `litreview build` passes each edition's name, the switcher's URL and the site's address
# as `-D litreview_edition=... -D litreview_switcher_url=... -D litreview_base_url=...`;
# litreview.sphinxext turns them into the version switcher and canonical links.
copybutton_exclude = ".linenos, .gp"
copybutton_copy_empty_lines = True
