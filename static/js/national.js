// Charts of the national overview, the regency page and the evaluation index's trend (data
// from json_script, no inline JS).
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

  // The index per evaluation year: the self-assessment and the assessors' result, 0–5.
  function trendChart(canvasId, data) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    const line = (label, values, color) => ({
      label: label, data: values, borderColor: color, backgroundColor: color,
      spanGaps: true, tension: 0, pointRadius: 4,
    });
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [line(data.own_label, data.own, gold), line(data.assessed_label, data.assessed, navy)],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, max: 5, ticks: { stepSize: 1 } } },
      },
    });
    canvas.dataset.ready = "true";
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
  const indexTrend = readData("index-trend-data");
  if (indexTrend) {
    trendChart("chart-index-trend", indexTrend);
  }
})();
