// Start Pagefind's UI on the search page and run the query from ?q= (the header's
// search dialog submits here). Pagefind shows result text as text, never as HTML.
// The index is the site's (pagefind/ at its root); result URLs are the site root's. Papers
// are shown first: the "Kind" filter starts on "Paper" (?kind=Theme, or unticking it,
// shows themes too), and a line above the results names up to three themes the query
// finds. Each paper result shows its authors and year, and its themes (the page's
// data-pagefind-meta).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof PagefindUI === "undefined") return;
  const root = document.documentElement.dataset.content_root || "./";
  const ui = new PagefindUI({
    element: "#litreview-search",
    baseUrl: new URL(root, window.location.href).pathname,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    pageSize: 10,
    processResult: fromAbstract,
  });
  // a visible label for the query field (Pagefind's has only a placeholder)
  const input = document.querySelector("#litreview-search input.pagefind-ui__search-input");
  if (input) {
    input.id = "litreview-q";
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "form-label";
    label.textContent = "Search the papers of this edition";
    document.getElementById("litreview-search").prepend(label);
  }
  const params = new URLSearchParams(window.location.search);
  const kind = params.get("kind") === "Theme" ? "Theme" : "Paper";
  const q = params.get("q");
  // One index serves every edition, and a paper page names only the edition that first
  // listed it. Pagefind's filters need a page to have every ticked value, so an older
  // edition's search, ticking its editions so far, found nothing from the second edition
  // on: it searches the papers of every edition, and its label says so.
  // The query runs once every filter's values are loaded: a search that finishes first
  // counts only the filters it used, and Pagefind's UI then offers "Kind" alone
  Promise.all([olderEdition(), allFilters()]).then(function ([older, pagefind]) {
    const label = document.querySelector("#litreview-search label.form-label");
    if (older && label) label.textContent = "Search the papers of every edition";
    ui.triggerFilters({ kind: [kind] });
    if (q) ui.triggerSearch(q);
    if (!pagefind || !input) return;
    const themes = themesLine();
    const show = () => showThemes(pagefind, themes, input.value);
    input.addEventListener("input", show);
    if (q) showThemes(pagefind, themes, q);
  });
});

// A paper's excerpt comes from its abstract. Its page's text starts with the title and
// authors, which the result shows above the excerpt already, and Pagefind's excerpt is the
// page's passage that best matches the query: for "pruning", "Network Pruning via
// Transformable Architecture Search. Xuanyi Dong, Yi Yang. Network pruning reduces…".
// Pagefind also finds the best passage under each heading with an id (its sub-results);
// the abstract's is taken, or, where the query matched only the title, the abstract's
// first words (the page's indexed text, escaped: Pagefind's excerpts are HTML).
const EXCERPT_WORDS = 30;
function fromAbstract(result) {
  "use strict";
  const isAbstract = (a) => a && a.id === "abstract-heading";
  const sub = (result.sub_results || []).find((s) => isAbstract(s.anchor));
  if (sub && sub.excerpt) {
    // the passage may start at the heading itself ("Abstract. Selecting a …")
    result.excerpt = sub.excerpt.replace(/^(<mark>)?Abstract\.?(<\/mark>)?\s+/, "");
    return result;
  }
  const at = (result.anchors || []).find(isAbstract);
  if (at && typeof result.content === "string") {
    const words = result.content.split(/[\r\n\s]+/g);
    const after = (result.anchors || []).filter((a) => a.location > at.location);
    const end = Math.min(at.location + 1 + EXCERPT_WORDS,
      ...after.map((a) => a.location), words.length);
    // the indexed text is the page's text, not HTML: the excerpt is set as HTML
    const text = escapeHtml(words.slice(at.location + 1, end).join(" ").trim());
    if (text) result.excerpt = text;
  }
  return result;
}

function escapeHtml(text) {
  "use strict";
  const map = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  return text.replace(/[&<>"']/g, (c) => map[c]);
}

// The line that names the themes a query matches, above the results: the "Kind" filter
// starts on papers, and a reader who searched "pruning" should still find the theme.
function themesLine() {
  "use strict";
  const line = document.createElement("p");
  line.id = "litreview-themes";
  line.hidden = true;
  line.append("Themes: ");
  line.append(document.createElement("span"));
  document.getElementById("litreview-search").append(line);
  return line;
}

// The line goes first in Pagefind's results column, which its UI makes on the first
// search and again after the query was cleared.
function placeLine(line) {
  "use strict";
  const area = document.querySelector("#litreview-search .pagefind-ui__results-area");
  if (area && area.firstChild !== line) area.prepend(line);
}

// Up to three theme pages the query finds, as links (their titles as text, never HTML).
async function showThemes(pagefind, line, query) {
  "use strict";
  const term = query.trim();
  if (!term) {
    line.hidden = true;
    return;
  }
  const found = await pagefind.debouncedSearch(term, { filters: { kind: "Theme" } }, 300);
  if (found === null) return;  // a newer query took its place
  const pages = await Promise.all(found.results.slice(0, 3).map((r) => r.data()));
  const links = line.querySelector("span");
  links.replaceChildren();
  pages.forEach(function (data, i) {
    if (i) links.append(" · ");
    const a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    links.append(a);
  });
  placeLine(line);
  line.hidden = pages.length === 0;
}

// Whether this page is an older edition's (not the newest, which has every paper).
async function olderEdition() {
  "use strict";
  const options = typeof DOCUMENTATION_OPTIONS === "undefined" ? {} : DOCUMENTATION_OPTIONS;
  const here = options.theme_switcher_version_match;
  if (!options.theme_switcher_json_url || !here) return false;
  try {
    const all = await (await fetch(options.theme_switcher_json_url)).json();
    const newest = all.find((e) => e.preferred);
    return Boolean(newest && newest.version !== here);
  } catch (error) {
    return false;
  }
}

// Load every filter's values into Pagefind (the module the UI imports, from the same URL,
// so the same instance) before the first search.
// Returns the module, or nothing when it does not load.
async function allFilters() {
  "use strict";
  const script = document.querySelector('script[src*="pagefind-ui.js"]');
  if (!script) return undefined;
  try {
    const pagefind = await import(script.src.replace(/pagefind-ui\.js.*$/, "pagefind.js"));
    await pagefind.filters();
    return pagefind;
  } catch (error) {
    console.error(error);  // the search still runs; its filters may be incomplete
    return undefined;
  }
}
