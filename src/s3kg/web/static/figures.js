// The figures chart: Vega-Lite, rendered as SVG with Vega's expression interpreter, so the
// page needs no 'unsafe-eval' under its Content-Security-Policy.
(function () {
  "use strict";
  var root = document.getElementById("chart");
  var picker = document.getElementById("indicator");
  if (!root || typeof vegaEmbed === "undefined" || !picker) { return; }
  var all = [];

  function spec(indicator) {
    var rows = all.filter(function (f) { return f.indicator === indicator; });
    var unit = rows.length ? rows[0].unit : "";
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      description: "Values of " + indicator + " by entity and year",
      data: { values: rows.map(function (f) { return { entity: f.entity, value: f.value, year: String(f.year || "n/a"), href: f.href }; }) },
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "entity", type: "nominal", sort: "-x", title: null },
        x: { field: "value", type: "quantitative", title: indicator + (unit ? " (" + unit + ")" : "") },
        color: { field: "year", type: "nominal", title: "year" },
        yOffset: { field: "year" },
        href: { field: "href" }
      },
      width: "container"
    };
  }
  function draw() {
    vegaEmbed(root, spec(picker.value), { renderer: "svg", actions: false, ast: true,
                                           expr: vega.expressionInterpreter })
      .then(function () { root.dataset.drawn = picker.value; });
  }
  fetch(root.dataset.source).then(function (r) { return r.json(); }).then(function (data) {
    all = data;
    var wanted = new URLSearchParams(window.location.search).get("indicator");
    if (wanted) { picker.value = wanted; }
    picker.addEventListener("change", draw);
    draw();
  });
})();
