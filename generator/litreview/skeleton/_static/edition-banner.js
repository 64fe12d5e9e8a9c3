// An older edition says so, and links to the same page in the newest one. The list of
// editions (switcher.json) is read when the page loads, so an edition built long ago
// still knows it is old. Text only: no markup from the list reaches the page.
document.addEventListener("DOMContentLoaded", async function () {
  "use strict";
  // Sphinx declares it with const: a global binding, not a property of window
  const options = typeof DOCUMENTATION_OPTIONS === "undefined" ? {} : DOCUMENTATION_OPTIONS;
  const url = options.theme_switcher_json_url;
  const here = options.theme_switcher_version_match;
  const box = document.getElementById("bd-header-version-warning");
  if (!url || !here || !box) return;
  let editions;
  try {
    editions = await (await fetch(url)).json();
  } catch (error) {
    return;  // no list (a page opened from disk): no banner
  }
  const newest = editions.find((e) => e.preferred);
  if (!newest || newest.version === here) return;
  const page = (options.pagename || "index") + ".html";
  const text = document.createElement("div");
  text.className = "bd-header-announcement__content ms-auto me-auto sidebar-message";
  text.append("You are reading the edition of " + here + ". ");
  const link = document.createElement("a");
  link.href = newest.url + page;
  link.textContent = "See this page in the newest edition (" + newest.version + ")";
  text.append(link);
  box.append(text);
  box.classList.remove("d-none");
});
