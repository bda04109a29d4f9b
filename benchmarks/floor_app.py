"""The framework's floor: a Vizro dashboard with one page holding one five-bar chart and one
card, nothing of ours (no database, no grids, no assets). ``bench_dashboard.py`` times it in the
same browser, the same way as our pages, so a page's time can be read against what Vizro, Dash and
plotly.js cost on the same machine before any of our work.

Run: ``.venv/bin/python benchmarks/floor_app.py PORT`` (serves on 127.0.0.1 until stopped).
"""

from __future__ import annotations

import sys

import pandas as pd
import vizro.models as vm
import vizro.plotly.express as px
from vizro import Vizro


def main(port: int) -> None:
    bars = pd.DataFrame({"country": ["USA", "France", "Spain", "Australia", "UK"]})
    bars["revenue"] = [3.3, 1.0, 0.9, 0.6, 0.4]
    page = vm.Page(
        title="Floor",
        components=[
            vm.Card(text="A card and a chart, nothing else."),
            vm.Graph(figure=px.bar(bars, x="country", y="revenue")),
        ],
    )
    app = Vizro().build(vm.Dashboard(pages=[page]))
    app.run(host="127.0.0.1", port=port, debug=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
