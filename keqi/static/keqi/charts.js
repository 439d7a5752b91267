/* 全市概况图 (S2.8): draws each [data-chart] element as an ECharts bar chart from the page's JSON
   endpoint and offers the picture as a PNG ([data-chart-download]). No inline script (CSP). */
(function () {
  "use strict";
  var charts = {};

  function option(data) {
    return {
      animation: false,
      color: ["#1f6feb", "#2da44e", "#bf8700"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 90 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 45 } },
      yAxis: { type: "value", name: "单位：" + data.unit, minInterval: 1 },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    };
  }

  function draw(payload) {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = payload[el.getAttribute("data-chart")];
      if (!data || !window.echarts) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(data));
      charts[el.getAttribute("data-chart")] = chart;
      el.setAttribute("data-rendered", "true");
    });
  }

  function download(event) {
    var button = event.target.closest("[data-chart-download]");
    if (!button) { return; }
    var chart = charts[button.getAttribute("data-chart-download")];
    if (!chart) { return; }
    var link = document.createElement("a");
    link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    link.download = button.getAttribute("data-filename") || "chart.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector("[data-chart-url]");
    if (!first) { return; }
    fetch(first.getAttribute("data-chart-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(draw);
    document.addEventListener("click", download);
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (key) { charts[key].resize(); });
    });
  });
})();
