// Charts of the national overview and the regency page (data from json_script, no inline JS).
(function () {
  "use strict";
  const navy = "#0b3d6e";
  const gold = "#c9a227";

  function readData(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function percentAxis() {
    return { min: 0, max: 100, ticks: { callback: (v) => v + "%" } };
  }

  function barChart(canvasId, labels, values, color, horizontal) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: color }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: horizontal ? { x: percentAxis() } : { y: percentAxis() },
      },
    });
  }

  const national = readData("national-chart-data");
  if (national) {
    barChart("chart-dimensions", national.dimensions.labels, national.dimensions.values, navy, true);
    barChart("chart-punctuality", national.punctuality.labels, national.punctuality.values, gold, false);
  }
  const regency = readData("regency-chart-data");
  if (regency) {
    barChart("chart-regency", regency.labels, regency.values, navy, true);
  }
})();
