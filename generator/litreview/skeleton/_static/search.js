// Start Pagefind's UI on the search page and run the query from ?q= (the header's
// search dialog submits here). Pagefind shows result text as text, never as HTML.
// Result URLs are made relative to this edition's folder, so search works in every
// edition and in latest/. Papers are shown first: the "Kind" filter starts on "Paper"
// (?kind=Theme, or unticking it, shows themes too). Each paper result shows its authors
// and year, and its themes (the page's data-pagefind-meta).
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
  });
  // a visible label for the query field (Pagefind's has only a placeholder)
  const input = document.querySelector("#litreview-search input.pagefind-ui__search-input");
  if (input) {
    input.id = "litreview-q";
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "form-label";
    label.textContent = "Search titles and abstracts of this edition";
    document.getElementById("litreview-search").prepend(label);
  }
  const params = new URLSearchParams(window.location.search);
  const kind = params.get("kind") === "Theme" ? "Theme" : "Paper";
  ui.triggerFilters({ kind: [kind] });
  const q = params.get("q");
  if (q) ui.triggerSearch(q);
});
