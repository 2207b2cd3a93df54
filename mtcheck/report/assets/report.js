// mtcheck HTML report: filters, finding details, deep links. Article text is never put into
// markup from here: details are cloned from elements the report already contains (escaped).
(function () {
  "use strict";
  var findings = {};
  document.querySelectorAll("li.finding").forEach(function (li) { findings[li.dataset.f] = li; });
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function ids(el) { return (el.dataset.f || "").split(" ").filter(Boolean); }
  function shown(id) { return !!findings[id] && !findings[id].classList.contains("hidden"); }  // by the filters
  function current() { return panel.hidden ? "" : panel.getAttribute("data-finding"); }  // in the details

  // next/previous walk the findings the filters leave visible, in reading order (data-nav)
  var order = Object.keys(findings).sort(function (a, b) { return findings[a].dataset.nav - findings[b].dataset.nav; });
  var flaggedOnly = document.getElementById("flagged-only");
  var position = document.getElementById("nav-position");

  function visibleOrder() {
    return order.filter(shown);
  }

  function updatePosition(id) {
    if (!position) { return; }
    var list = visibleOrder();
    var at = list.indexOf(id);
    position.textContent = (at < 0 ? "–" : String(at + 1)) + " / " + list.length;
  }

  function go(step) {
    var list = visibleOrder();
    if (!list.length) { return; }
    var at = list.indexOf(current());
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step));
    var id = list[next];
    show(id);
    // the highlight in the article, else (a finding without a place there) its entry in the list
    var place = document.querySelector("table.pairs [data-f~='" + id + "']") || findings[id];
    place.scrollIntoView({ block: "center" });
    if (place.focus) { place.focus({ preventScroll: true }); }
  }

  function applyRows() {  // "flagged rows only": rows with a visible finding, and the read-first pairs
    var only = flaggedOnly && flaggedOnly.checked;
    document.body.classList.toggle("flagged-only", !!only);
    document.querySelectorAll("tr.pair > td.idx").forEach(function (cell) {
      var row = cell.parentNode;
      var list = (cell.dataset.rf || "").split(" ").filter(Boolean);
      var flagged = cell.hasAttribute("data-first") || list.some(shown);
      row.classList.toggle("unflagged", !flagged);
    });
  }

  function applyFilters() {
    var on = {};
    document.querySelectorAll(".filters input:checked").forEach(function (box) { on[box.value] = true; });
    Object.keys(findings).forEach(function (id) {
      var li = findings[id];
      li.classList.toggle("hidden", !(on[li.dataset.sev] && on[li.dataset.cat]));
    });
    document.querySelectorAll("[data-f]").forEach(function (el) {
      if (el.tagName === "LI") { return; }
      el.classList.toggle("off", !ids(el).some(shown));
    });
    applyRows();
    updatePosition(current());
  }

  function show(id) {
    var li = findings[id];
    if (!li) { return; }
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll(".ev-active").forEach(function (el) { el.classList.remove("ev-active"); });
    li.classList.add("active");
    document.querySelectorAll("[data-f~='" + id + "']").forEach(function (el) {
      if (el.tagName !== "LI") { el.classList.add("active"); }
    });
    document.querySelectorAll("[data-ev~='" + id + "']").forEach(function (el) { el.classList.add("ev-active"); });
    while (panelBody.firstChild) { panelBody.removeChild(panelBody.firstChild); }
    panelBody.appendChild(li.cloneNode(true)).removeAttribute("id");
    panel.hidden = false;
    panel.setAttribute("data-finding", id);
    updatePosition(id);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-f]");
    if (target && target.tagName !== "LI") { show(ids(target)[0]); return; }
    if (event.target.closest(".close")) { panel.hidden = true; }
    if (event.target.closest("#next-finding")) { go(1); }
    if (event.target.closest("#prev-finding")) { go(-1); }
  });
  document.addEventListener("keydown", function (event) {  // Enter on a focused highlight, Esc closes
    var target = event.target.closest && event.target.closest("[data-f]");
    if (event.key === "Enter" && target && target.tagName !== "LI") { show(ids(target)[0]); }
    if (event.key === "Escape") { panel.hidden = true; }
    // single-letter keys, but never while typing or with a modifier (browser shortcuts stay)
    // (a focused checkbox, e.g. a filter just clicked, is not typing)
    var typing = event.target.closest &&
      event.target.closest("input:not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j" || event.key === "n") { go(1); event.preventDefault(); }
    if (event.key === "k" || event.key === "p") { go(-1); event.preventDefault(); }
    if (event.key === "f" && flaggedOnly) { flaggedOnly.checked = !flaggedOnly.checked; applyRows(); }
  });
  if (flaggedOnly) { flaggedOnly.addEventListener("change", applyRows); }
  document.querySelectorAll(".filters input").forEach(function (box) { box.addEventListener("change", applyFilters); });
  function fromHash() {
    var match = /^#finding-(\d+)$/.exec(location.hash);
    if (match) { show(match[1]); }
  }
  window.addEventListener("hashchange", fromHash);
  applyFilters();
  fromHash();
  // ?open=N shows finding N in the panel without scrolling (for links from CI and screenshots)
  var open = /[?&]open=(\d+)/.exec(location.search);
  if (open) { show(open[1]); }
  document.documentElement.setAttribute("data-ready", "1");
})();
