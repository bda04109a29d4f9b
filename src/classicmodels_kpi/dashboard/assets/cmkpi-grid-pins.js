/* classicmodels-kpi: a grid's pinned name column on a narrow screen.
   A customer or product name is pinned on the left so it stays in view while the other
   columns scroll. On a phone that column took 250 of a grid's 293 px and left about 40 px for
   every other column, none of them reachable. Below NARROW px of grid width the pinned
   columns scroll with the rest (the grid scrolls sideways within itself); wider, they are
   pinned again. Wired to several of each grid's events
   (grids.PIN_LISTENERS). */
(function () {
  "use strict";
  const NARROW = 600;
  const functions = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  functions.cmkpiFitPins = function (params) {
    const api = params.api;
    if (!api || api.isDestroyed()) {
      return;
    }
    // gridSizeChanged tells the width; the other events do not: ask the grid's element
    const root = document.querySelector(`[grid-id="${api.getGridId()}"]`);
    const width = params.clientWidth || (root ? root.clientWidth : 0);
    if (!width) {
      return;
    }
    const wanted = (api.getColumns() || []).filter((c) => c.getColDef().pinned === "left");
    const pin = width >= NARROW ? "left" : null;
    const moving = wanted.filter((c) => (c.getPinned() || null) !== pin);
    if (moving.length) {
      api.setColumnsPinned(moving, pin);
    }
  };
})();
