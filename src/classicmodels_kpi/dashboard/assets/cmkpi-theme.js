/* classicmodels-kpi: draw each chart once.
   Vizro's clientside update_graph_theme puts the theme's template on every figure the server
   sends, and plotly.js then draws the chart a second time from scratch. The dashboard's figures
   leave the server with the template of the browser's theme already on them (charts.figure; the
   theme is kept in a cookie for the server): when the figure already holds the template of the
   theme in use, only the graph's style is reset (Vizro hides a graph until its theme is
   applied) and the figure is left as drawn. Any other figure takes Vizro's own path. */
(function () {
  "use strict";
  const clientside = window.dash_clientside || {};
  const dashboard = clientside.dashboard;
  if (!dashboard || typeof dashboard.update_graph_theme !== "function") {
    return;
  }
  const vizroUpdate = dashboard.update_graph_theme;

  function same(a, b) {
    if (a === b) {
      return true;
    }
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
      return false;
    }
    if (Array.isArray(a) !== Array.isArray(b)) {
      return false;
    }
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) {
      return false;
    }
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && same(a[key], b[key]));
  }

  dashboard.update_graph_theme = function (figure, themeSelectorChecked, vizroThemes) {
    const theme = themeSelectorChecked ? "light" : "dark";
    document.cookie = "cmkpi_theme=" + theme + "; path=/; max-age=31536000; SameSite=Strict";
    const wanted = vizroThemes && vizroThemes["vizro_" + theme];
    const current = figure && figure.layout && figure.layout.template;
    if (wanted && current && same(current, wanted)) {
      return [window.dash_clientside.no_update, {}];
    }
    return vizroUpdate(figure, themeSelectorChecked, vizroThemes);
  };
})();
