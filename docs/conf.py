"""Sphinx configuration of the literature-review site.

Dump text is untrusted: the generator escapes it (see generator/text.py); this file keeps
the settings that escaping relies on (no smartquotes, no substitutions, no raw HTML).
"""

from __future__ import annotations

import os

project = "Daily Papers Review"
author = "The litreview maintainers"
copyright = "2026, the litreview maintainers; abstracts belong to their authors"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "generator.sphinxext",
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
root_doc = "index"
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
template_bridge = "generator.sphinxext.LeanTemplates"  # leaner pages (docs/scaling.md)
html_static_path = ["_static"]
html_extra_path = ["_generated/extra"]  # library.bib, bib/*.bib, papers.json at stable URLs
html_css_files = ["litreview.css"]
html_js_files: list[str] = []

# --- output ---------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Daily Papers Review"
html_copy_source = False
html_use_index = False  # no index entries are written; search is Pagefind
html_show_sourcelink = False
html_last_updated_fmt = None
# no section navigation where a page has no section to navigate (it would be an empty
# column headed "Section Navigation")
html_sidebars = {
    "papers/*": [],
    "index": [],
    "about": [],
    "how-to-cite": [],
    "edition/*": [],
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
    # these never render empty here; checking (by rendering each one for every page)
    # cost ~0.4 ms a page, 4 s at 10,000 papers
    "templates_skip_empty_check": ["navbar-logo.html", "navbar-nav.html",
                                   "search-button-field.html", "version-switcher.html",
                                   "theme-switcher.html", "breadcrumbs.html", "copyright.html",
                                   "sidebar-nav-bs.html"],
    "primary_sidebar_end": [],  # no ad placeholder
}
html_context = {"default_mode": "auto"}

# --- editions (set by `litreview build` for each edition it builds) -----------------------
# LITREVIEW_EDITION: this edition's name; LITREVIEW_SWITCHER_URL: root-relative URL of the
# site's switcher.json; LITREVIEW_BASE_URL: absolute URL of the site root (feeds, canonical).
edition = os.environ.get("LITREVIEW_EDITION", "")
if edition:
    version = release = edition
    html_theme_options.update({
        "switcher": {"json_url": os.environ["LITREVIEW_SWITCHER_URL"],
                     "version_match": edition},
        "check_switcher": False,  # the build has no network; the URL is checked in tests
        "show_version_warning_banner": True,
        "navbar_end": ["version-switcher", "theme-switcher"],
    })
    html_baseurl = os.environ.get("LITREVIEW_BASE_URL", "") + edition + "/"
copybutton_exclude = ".linenos, .gp"
copybutton_copy_empty_lines = True
