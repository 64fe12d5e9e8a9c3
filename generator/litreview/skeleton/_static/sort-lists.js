// A sort control above each sortable list of papers (a theme's, all papers): by first
// version (newest first), by first listing here (newest first), or by title. The list
// items carry what is sorted by (data-date, data-listed, data-title); without
// JavaScript the list keeps the order the page was written in. A list of one or two
// papers has nothing to sort.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const orders = [
    ["date", "first version", (a, b) => b.dataset.date.localeCompare(a.dataset.date)],
    ["listed", "first listed here", (a, b) => b.dataset.listed.localeCompare(a.dataset.listed)],
    ["title", "title", (a, b) => a.dataset.title.localeCompare(b.dataset.title)],
  ];
  document.querySelectorAll("ul.litreview-papers[data-sortable]").forEach(function (list, n) {
    if (list.children.length < 3) {
      return;
    }
    const original = Array.from(list.children);
    const bar = document.createElement("div");
    bar.className = "litreview-sort";
    const label = document.createElement("label");
    label.textContent = "Sort by ";
    label.htmlFor = "litreview-sort-" + n;
    const select = document.createElement("select");
    select.id = label.htmlFor;
    select.className = "form-select form-select-sm d-inline-block w-auto";
    const keep = document.createElement("option");
    keep.value = "";
    keep.textContent = "as listed";
    select.append(keep);
    orders.forEach(function ([value, text]) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = text;
      select.append(option);
    });
    select.addEventListener("change", function () {
      const order = orders.find(([value]) => value === select.value);
      const items = order ? original.slice().sort(order[2]) : original;
      list.replaceChildren(...items);
    });
    bar.append(label, select);
    list.before(bar);
  });
});
