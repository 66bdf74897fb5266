/* The commission's data dashboard: one Chart.js chart per block of #dashboard-data (a
   json_script element written by the template). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const palette = ["#1f5fa8", "#2e86c1", "#1e8449", "#b9770e", "#b03a2e", "#7d3c98", "#148f77", "#5d6d7e", "#d35400", "#2874a6", "#229954", "#a04000", "#884ea0", "#17a589", "#616a6b", "#cb4335"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  for (const [key, d] of Object.entries(data)) {
    const el = document.getElementById("chart-" + key);
    if (!el) continue;
    const horizontal = key === "recommender" || key === "state";
    new Chart(el, {
      type: key === "industry" ? "doughnut" : "bar",
      data: { labels: d.labels, datasets: [{ label: "项目数", data: d.values,
        backgroundColor: key === "industry" ? palette : "#1f5fa8", maxBarThickness: 36 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: key === "industry", position: "right" } },
        scales: key === "industry" ? {} : { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  document.body.dataset.chartsReady = "1";
});
