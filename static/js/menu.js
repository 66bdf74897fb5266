// The header's menu button (phones) and the navigation's drop-down groups.
(function () {
  "use strict";
  var header = document.querySelector("header.top");
  if (!header) return;
  var toggle = header.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var groups = Array.prototype.slice.call(header.querySelectorAll("nav.main details"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) return;
      groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
  });
  function closeGroups() { groups.forEach(function (group) { group.open = false; }); }
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("nav.main details")) closeGroups();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = groups.filter(function (group) { return group.open; });
    closeGroups();
    if (open.length) open[0].querySelector("summary").focus();
  });
})();
