/* classicmodels-kpi: axis labels stay upright on a narrow chart.
   plotly.js puts at least five ticks on a value or date axis, whatever its length. On a phone
   the names beside a horizontal bar chart leave its value axis ~150 px, so plotly turned the
   labels on their side. The server cannot know the width (the same figure serves 1920 px,
   where five or more labels read best), so once a chart is drawn with turned labels it is
   redrawn with as many ticks as its axis has room for, and again after a resize. Nothing
   changes on a chart whose labels stand upright; a chart widened again keeps its fewer ticks
   until its next figure. */
(function () {
  "use strict";
  const ROOM = 50; // px per label: "$100k" and its gap

  function turned(gd, id) {
    return Array.from(gd.querySelectorAll("." + id + "tick text")).some((t) =>
      /rotate\((?!0[,)])/.test(t.getAttribute("transform") || "")
    );
  }

  function upright(Plotly, gd) {
    const full = gd && gd._fullLayout;
    if (!full || !full._subplots) {
      return;
    }
    const update = {};
    for (const id of full._subplots.xaxis || []) {
      const name = id === "x" ? "xaxis" : "xaxis" + id.slice(1);
      const axis = full[name];
      if (axis && axis.type !== "category" && axis.type !== "multicategory" && turned(gd, id)) {
        // a first guess from the axis's room, then one tick fewer while the labels still turn
        const room = Math.floor(axis._length / ROOM);
        const ticks = axis.nticks ? axis.nticks - 1 : room;
        if (ticks >= 2) {
          update[name + ".nticks"] = Math.min(ticks, room);
        }
      }
    }
    if (Object.keys(update).length) {
      // the redraw's plotly_afterplot looks again; a chart removed meanwhile rejects: nothing
      // to fix then, and nothing to report
      Promise.resolve(Plotly.relayout(gd, update)).catch(() => {});
    }
  }

  // Looks at a chart after each of its draws: its first (whose end brought it here), then every
  // later one plotly reports, a resize (a window narrowed, a phone turned) included.
  function watch(Plotly, gd) {
    if (!gd || gd.__cmkpiUpright || typeof gd.on !== "function") {
      return;
    }
    gd.__cmkpiUpright = true;
    gd.on("plotly_afterplot", () => upright(Plotly, gd));
    upright(Plotly, gd);
  }

  function wrap(Plotly) {
    if (!Plotly || Plotly.__cmkpiUpright) {
      return Plotly;
    }
    for (const method of ["newPlot", "react"]) {
      const draw = Plotly[method];
      if (typeof draw !== "function") {
        continue;
      }
      Plotly[method] = function (gd, ...rest) {
        const drawn = draw.call(this, gd, ...rest);
        const div = typeof gd === "string" ? document.getElementById(gd) : gd;
        // a failed draw is the caller's to report (it holds the same promise)
        Promise.resolve(drawn)
          .then(() => watch(Plotly, div))
          .catch(() => {});
        return drawn;
      };
    }
    Plotly.__cmkpiUpright = true;
    return Plotly;
  }

  // plotly.js is loaded with the first chart, after this script: wrap it as it arrives (through
  // any setter already on window.Plotly, such as a test's)
  const previous = Object.getOwnPropertyDescriptor(window, "Plotly");
  if (previous && !previous.configurable) {
    wrap(window.Plotly);
    return;
  }
  let plotly = wrap(window.Plotly);
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() {
      return previous && previous.get ? previous.get.call(window) : plotly;
    },
    set(value) {
      plotly = wrap(value);
      if (previous && previous.set) {
        previous.set.call(window, plotly);
      }
    },
  });
})();
