// Charts are declared in HTML (data-chart, data-x, data-y) because the CSP forbids inline scripts.
(function () {
  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var x = JSON.parse(el.dataset.x || "[]");
    var y = JSON.parse(el.dataset.y || "[]");
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: x },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: el.dataset.chart || "line", data: y, smooth: false }],
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
