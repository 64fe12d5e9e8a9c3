// Start Pagefind's UI on the search page and run the query from ?q= (the header's
// search dialog submits here). Pagefind shows result text as text, never as HTML.
// Result URLs are made relative to this edition's folder, so search works in every
// edition and in latest/.
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
  const q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
});
