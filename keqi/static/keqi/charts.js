/* 全市概况图 (S2.8): draws each [data-chart] element as an ECharts bar chart from the page's JSON
   endpoint and offers the picture as a PNG ([data-chart-download]). No inline script (CSP). */
(function () {
  "use strict";
  var charts = {};

  // On a phone, many districts as upright bars leave unreadable slanted labels: lay the bars on
  // their side, one row per district, and let the chart grow as tall as the list.
  var ROW = 26;

  function sideways(el, data) {
    return el.clientWidth < 600 && data.labels.length > 8;
  }

  function option(el, data) {
    var series = data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; });
    var common = {
      animation: false,
      color: ["#1f6feb", "#2da44e", "#bf8700"],
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      series: series
    };
    var values = { type: "value", name: "单位：" + data.unit, minInterval: 1 };
    if (sideways(el, data)) {
      common.grid = { left: 8, right: 24, top: 76, bottom: 8, containLabel: true };
      common.yAxis = { type: "category", data: data.labels, inverse: true, axisLabel: { interval: 0 } };
      common.xAxis = Object.assign(values, { nameLocation: "middle", nameGap: 24, position: "top" });
      return common;
    }
    common.grid = { left: 48, right: 16, top: 56, bottom: 90 };
    common.xAxis = { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 45 } };
    common.yAxis = values;
    return common;
  }

  function draw(payload) {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = payload[el.getAttribute("data-chart")];
      if (!data || !window.echarts) { return; }
      if (sideways(el, data)) {
        el.style.height = (data.labels.length * data.series.length * ROW / 2 + 120) + "px";
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(el, data));
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
