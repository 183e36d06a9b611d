// Charts are declared in HTML (data-chart, data-x, data-y) because the CSP forbids inline scripts.
(function () {
  // Form partials answer 409/422 with the form and its message; those must be swapped in.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "(409|422)", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
    ];
  }
  document.addEventListener("htmx:responseError", function (e) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    var status = e.detail.xhr ? e.detail.xhr.status : "";
    box.textContent = status === 401 || status === 403
      ? "登录已失效或没有权限，请刷新页面后重新登录。"
      : "请求失败（" + status + "），请稍后重试。";
    box.hidden = false;
  });
  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var x = JSON.parse(el.dataset.x || "[]");
    var type = el.dataset.chart || "line";
    // data-series: [{name, data}, …] for several lines with a legend; else one series data-y.
    var named = el.dataset.series ? JSON.parse(el.dataset.series) : null;
    var series = named
      ? named.map(function (s) { return { type: type, name: s.name, data: s.data }; })
      : [{ type: type, data: JSON.parse(el.dataset.y || "[]"), smooth: false }];
    var categories = { type: "category", data: x };
    var values = { type: "value", minInterval: el.dataset.decimals ? 0 : 1 };
    var sideways = el.dataset.horizontal === "1";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      legend: named && named.length > 1 ? { top: 0 } : undefined,
      grid: {
        left: sideways ? 8 : (el.dataset.decimals ? 64 : 40), right: 16,
        top: named && named.length > 1 ? 32 : 16, bottom: 40, containLabel: sideways,
      },
      tooltip: { trigger: "axis" },
      xAxis: sideways ? values : categories,
      yAxis: sideways ? { type: "category", data: x, axisLabel: { width: 120, overflow: "truncate" } } : values,
      series: series,
    });
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }
  // A button with data-confirm asks first (bulk actions); the CSP forbids inline handlers.
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (!button) return;
    var when = button.dataset.confirmWhen;
    if (when && !document.querySelector(when)) {
      if (!window.confirm(button.dataset.confirm)) e.preventDefault();
    } else if (!when && !window.confirm(button.dataset.confirm)) {
      e.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
