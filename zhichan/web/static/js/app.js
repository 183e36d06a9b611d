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
    var y = JSON.parse(el.dataset.y || "[]");
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: el.dataset.decimals ? 64 : 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: x },
      yAxis: { type: "value", minInterval: el.dataset.decimals ? 0 : 1 },
      series: [{ type: el.dataset.chart || "line", data: y, smooth: false }],
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
