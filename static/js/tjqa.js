/* Behaviour shared by every page, declared in the templates with data- attributes (the
   Content Security Policy allows no inline script and no on…= attribute):
   - data-confirm="问题？" on a form or a submit button: ask before submitting;
   - data-check-all="selector" on a checkbox: tick or untick the matching checkboxes, within
     the closest table when data-check-scope="table", otherwise in the whole page;
   - data-navigate-on-change on a form: choosing an option opens the option's value (a URL);
   - data-action-from-select on a form: the form posts to the URL chosen in its <select>;
   - data-add-row="prefix" on a button: add a row to a Django formset from its empty form;
   - data-focus-after-swap (with tabindex="-1") on an htmx target: what htmx puts in it gets the
     focus, since the link that loaded it is gone (keyboard and screen reader go on from there). */
(function () {
  "use strict";

  function ask(el, event) {
    var question = el.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return false;
    }
    return true;
  }

  // Capture phase: runs before htmx's or any other listener on the form itself.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button) ask(button, event);
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !ask(form, event)) return;
    if (form.hasAttribute("data-action-from-select")) {
      var select = form.querySelector("select");
      if (select && select.value) form.action = select.value;
    }
  }, true);

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox][data-check-all]")) {
      var scope = box.getAttribute("data-check-scope") === "table" ? box.closest("table") : document;
      scope.querySelectorAll(box.getAttribute("data-check-all")).forEach(function (c) {
        if (c !== box) c.checked = box.checked;
      });
    }
    var form = box.form || (box.closest && box.closest("form"));
    if (form && form.hasAttribute("data-navigate-on-change") && box.tagName === "SELECT" && box.value) {
      window.location.href = box.value;
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) return;
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var html = document.getElementById(prefix + "-empty").innerHTML.replace(/__prefix__/g, total.value);
    document.querySelector("#" + prefix + "-table tbody").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-focus-after-swap")) target.focus();
  });
})();
