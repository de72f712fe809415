// Draws the programs dashboard's charts from the figures the page already shows in tables
// (passed with json_script). Without JavaScript the tables alone carry the same numbers.
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const palette = ["#0b3d6e", "#c9a227", "#2e8b57", "#b42318", "#6b7a8f", "#5b8bd9"];
  const locale = document.documentElement.lang || "id";
  const rupiah = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const common = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) {
      canvas.parentElement.style.minHeight = "240px";
      new Chart(canvas, config);
    }
  }

  draw("chart-progress", {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.text.progress, data: data.progress, backgroundColor: palette[0] }] },
    options: { ...common, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
  });

  draw("chart-status", {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: Object.entries(data.status).map(([label, values], i) => ({ label, data: values, backgroundColor: palette[i % palette.length] })),
    },
    options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } },
  });

  draw("chart-budget", {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.text.planned, data: data.planned, backgroundColor: palette[4] },
        { label: data.text.realised, data: data.realised, backgroundColor: palette[1] },
      ],
    },
    options: { ...common, scales: { y: { ticks: { callback: (v) => rupiah.format(v) } } } },
  });

  draw("chart-missing", {
    type: "bar",
    data: { labels: data.missing.labels, datasets: [{ label: data.text.missing, data: data.missing.values, backgroundColor: palette[3] }] },
    options: { ...common, indexAxis: "y", scales: { x: { ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
  });
})();
