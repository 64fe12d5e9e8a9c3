// Filter Sphinx search results by theme and year (search page only).
// Data comes from facets.json, written by the generator; theme names are set with
// textContent only, never as HTML.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // run once the page is parsed: facets.json may arrive before <body> exists
  if (typeof DOCUMENTATION_OPTIONS === "undefined" || DOCUMENTATION_OPTIONS.pagename !== "search") return;
  const root = document.documentElement.dataset.content_root || "./";

  function paperKey(li) {
    const a = li.querySelector("a");
    const m = a && a.getAttribute("href").match(/(?:^|\/)papers\/([A-Za-z0-9_.:-]+)\.html/);
    return m && m[1] !== "index" ? m[1] : null;
  }

  function select(id, label, options) {
    const wrap = document.createElement("label");
    wrap.className = "litreview-facet";
    wrap.append(label + " ");
    const sel = document.createElement("select");
    sel.id = id;
    const all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    sel.append(all);
    for (const [value, text] of options) {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      sel.append(o);
    }
    wrap.append(sel);
    return [wrap, sel];
  }

  // searchtools.js creates #search-results itself, possibly after facets.json arrives
  function whenResults(callback) {
    const found = document.getElementById("search-results");
    if (found) return callback(found);
    const watch = new MutationObserver(() => {
      const el = document.getElementById("search-results");
      if (el) { watch.disconnect(); callback(el); }
    });
    watch.observe(document.body, { childList: true, subtree: true });
  }

  fetch(root + "facets.json").then((r) => r.json()).then((data) => whenResults((results) => {
    const years = [...new Set(Object.values(data.papers).map((p) => p[0]).filter((y) => y))]
      .sort().reverse();
    const form = document.createElement("form");
    form.className = "litreview-facets";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter results");
    form.addEventListener("submit", (e) => e.preventDefault());
    const [themeWrap, theme] = select("facet-theme", "Theme",
      data.themes.map((name, i) => [String(i), name]));
    const [yearWrap, year] = select("facet-year", "Year", years.map((y) => [String(y), String(y)]));
    const status = document.createElement("p");
    status.id = "facet-status";
    status.setAttribute("aria-live", "polite");
    form.append(themeWrap, " ", yearWrap, status);
    results.parentNode.insertBefore(form, results);

    function apply() {
      const t = theme.value, y = year.value;
      let shown = 0, total = 0;
      for (const li of results.querySelectorAll("li")) {
        const key = paperKey(li);
        total += 1;
        let ok = true;
        if (t || y) {
          const p = key && data.papers[key];
          ok = Boolean(p) && (!t || p[1].includes(Number(t))) && (!y || String(p[0]) === y);
        }
        li.hidden = !ok;
        if (ok) shown += 1;
      }
      status.textContent = (t || y) ? `${shown} of ${total} results match the filters.` : "";
    }
    theme.addEventListener("change", apply);
    year.addEventListener("change", apply);
    new MutationObserver(apply).observe(results, { childList: true, subtree: true });
  }));
});
