// charts.js: draws each <div class="chart" data-chart="..."> with ECharts.
// The page prints the same numbers in a table beside the chart, so without
// JavaScript (or without this file) nothing is lost; the div only takes
// room once a chart is drawn in it. The Content-Security-Policy allows no
// inline script: the numbers travel in the data-chart attribute as JSON.
//
// Spec: {x: [labels], horizontal: bool, height: px (320), axes: [{name, max}],
//        series: [{name, data: [numbers|null], type: "bar"|"line", stack, axis}],
//        lines: [{value, name, axis}]}
(function () {
  "use strict";
  // Okabe–Ito: told apart with the common colour-vision deficiencies, and
  // dark enough for white labels on the bars.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];
  var FONT = 14;

  function option(spec) {
    var horizontal = !!spec.horizontal;
    // a horizontal chart lists its first category on top, as the table does
    var cat = { type: "category", data: spec.x, inverse: horizontal,
                axisLabel: { fontSize: FONT, interval: 0, hideOverlap: true } };
    var vals = (spec.axes && spec.axes.length ? spec.axes : [{}]).map(function (a) {
      return { type: "value", name: a.name || "", max: a.max, min: 0,
               nameTextStyle: { fontSize: FONT }, axisLabel: { fontSize: FONT } };
    });
    var series = spec.series.map(function (s) {
      var o = { name: s.name, type: s.type || "bar", data: s.data, stack: s.stack,
                emphasis: { focus: "series" }, label: { show: false, fontSize: FONT } };
      if (horizontal) o.xAxisIndex = s.axis || 0; else o.yAxisIndex = s.axis || 0;
      if (s.type === "line") { o.symbolSize = 8; o.connectNulls = false; }
      return o;
    });
    (spec.lines || []).forEach(function (l, i) {
      // labels of neighbouring lines at alternate ends, so they never overlap
      var line = { silent: true, symbol: "none", lineStyle: { type: "dashed", width: 2, color: "#333" },
                   label: { fontSize: FONT, formatter: l.name, position: i % 2 ? "start" : "end" }, data: [] };
      var d = {}; d[horizontal ? "xAxis" : "yAxis"] = l.value; line.data.push(d);
      series.push({ type: "line", data: [], markLine: line, name: l.name,
                    xAxisIndex: horizontal ? l.axis || 0 : undefined, yAxisIndex: horizontal ? undefined : l.axis || 0 });
    });
    return {
      color: COLOURS,
      textStyle: { fontSize: FONT },
      tooltip: { trigger: "axis", textStyle: { fontSize: FONT } },
      legend: { top: 0, textStyle: { fontSize: FONT }, data: spec.series.map(function (s) { return s.name; }) },
      grid: { left: 8, right: horizontal ? 24 : 8, top: 64, bottom: spec.lines ? 32 : 8, containLabel: true },
      xAxis: horizontal ? vals : cat,
      yAxis: horizontal ? cat : vals,
      series: series,
      animation: false
    };
  }

  function draw(el) {
    if (!window.echarts || el.getAttribute("data-drawn")) return;
    var spec;
    try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    el.style.width = "100%";
    el.style.maxWidth = "720px";
    el.style.height = (spec.height || 320) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(spec));
    el.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) {
    var els = (root || document).querySelectorAll("div.chart[data-chart]");
    for (var i = 0; i < els.length; i++) draw(els[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  else drawAll();
  // A chart in a fragment htmx swapped in.
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
})();
