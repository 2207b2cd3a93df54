// mtcheck HTML report: filters, finding details, deep links. Article text is never put into
// markup from here: details are cloned from elements the report already contains (escaped).
(function () {
  "use strict";
  var findings = {};
  document.querySelectorAll("li.finding").forEach(function (li) { findings[li.dataset.f] = li; });
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function ids(el) { return (el.dataset.f || "").split(" ").filter(Boolean); }

  function applyFilters() {
    var on = {};
    document.querySelectorAll(".filters input:checked").forEach(function (box) { on[box.value] = true; });
    Object.keys(findings).forEach(function (id) {
      var li = findings[id];
      li.classList.toggle("hidden", !(on[li.dataset.sev] && on[li.dataset.cat]));
    });
    document.querySelectorAll("[data-f]").forEach(function (el) {
      if (el.tagName === "LI") { return; }
      var visible = ids(el).some(function (id) { return !findings[id].classList.contains("hidden"); });
      el.classList.toggle("off", !visible);
    });
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
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-f]");
    if (target && target.tagName !== "LI") { show(ids(target)[0]); return; }
    if (event.target.closest(".close")) { panel.hidden = true; }
  });
  document.addEventListener("keydown", function (event) {  // Enter on a focused highlight, Esc closes
    var target = event.target.closest && event.target.closest("[data-f]");
    if (event.key === "Enter" && target && target.tagName !== "LI") { show(ids(target)[0]); }
    if (event.key === "Escape") { panel.hidden = true; }
  });
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
