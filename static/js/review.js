/* The expert's review screen: the running weighted total and Ctrl+S to save the draft. */
(function () {
  "use strict";
  function total() {
    var form = document.getElementById("score-form"); if (!form) return;
    var got = 0, full = 0, any = false;
    form.querySelectorAll("input[type=number]").forEach(function (el) {
      var w = parseFloat(el.dataset.weight || "1"), m = parseFloat(el.dataset.max || "0");
      full += m * w;
      if (el.value !== "") { any = true; got += Math.min(Math.max(parseFloat(el.value) || 0, 0), m) * w; }
    });
    var out = document.getElementById("score-total");
    if (out && any && full > 0) out.textContent = (Math.round(10000 * got / full) / 100).toFixed(2);
  }
  document.addEventListener("input", function (e) { if (e.target.closest && e.target.closest("#score-form")) total(); });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) {
      var btn = document.getElementById("save-draft");
      if (btn) { e.preventDefault(); btn.closest("form").requestSubmit(btn); }
    }
  });
})();
