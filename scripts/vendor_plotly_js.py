"""Write ``dashboard/plotlyjs/plotly-dashboard.min.js``: plotly.js with only the dashboard's traces.

Why: Dash serves plotly.js's full bundle (4.8 MB minified, every trace type: 3-D, WebGL, maps…)
and the browser parses all of it on every page load. The dashboard draws five trace types
(bar, pie, scatter, scattergeo, choropleth); a bundle of those is 1.4 MB, and a first visit on
a two-core machine settles seconds sooner. The dashboard serves this file in place of the full one
(``classicmodels_kpi.dashboard._serve_dashboard_plotly``).

Run (needs node and npm, once, whenever the plotly package's plotly.js version changes; a test
holds the versions equal): ``.venv/bin/python scripts/vendor_plotly_js.py``. It builds from npm
``plotly.js@<the plotly package's version>`` (MIT; its licence is copied beside the output) with
``esbuild``, as plotly.js's own ``custom-bundle`` task does, keeping the bundled libraries'
licence comments at the end of the file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

OUT = Path(__file__).resolve().parents[1] / "src" / "classicmodels_kpi" / "dashboard" / "plotlyjs"
BUNDLE = OUT / "plotly-dashboard.min.js"
#: Trace modules registered beside plotly.js's core (which always holds scatter).
TRACES = ("bar", "pie", "scattergeo", "choropleth")
ESBUILD = "esbuild@0.28.2"


def main() -> None:
    version = get_plotlyjs_version()
    with tempfile.TemporaryDirectory(prefix="cmkpi-plotly-") as tmp:
        folder = Path(tmp)
        (folder / "package.json").write_text('{"private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", f"plotly.js@{version}", ESBUILD],
            cwd=folder,
            check=True,
        )
        registered = ",\n".join(f"    require('plotly.js/lib/{t}')" for t in TRACES)
        (folder / "entry.js").write_text(
            "'use strict';\nvar Plotly = require('plotly.js/lib/core');\n"
            f"Plotly.register([\n{registered}\n]);\nmodule.exports = Plotly;\n"
        )
        built = folder / "bundle.js"
        subprocess.run(
            [
                str(folder / "node_modules" / ".bin" / "esbuild"),
                "entry.js",
                "--bundle",
                "--minify",
                "--format=iife",
                "--global-name=Plotly",
                "--target=es2016",
                "--define:global=window",
                "--define:define.amd=false",
                "--define:process.env.NODE_DEBUG=false",
                "--loader:.css=empty",  # maplibre's stylesheet, asked for by map traces only
                "--legal-comments=eof",
                f"--outfile={built}",
            ],
            cwd=folder,
            check=True,
        )
        header = (
            "/**\n"
            f"* plotly.js (classicmodels-kpi dashboard: scatter, {', '.join(TRACES)} - minified)"
            f" v{version}\n"
            "* Copyright 2012-2026, Plotly, Inc.\n"
            "* All rights reserved.\n"
            "* Licensed under the MIT license\n"
            "*/\n"
        )
        OUT.mkdir(parents=True, exist_ok=True)
        BUNDLE.write_text(header + built.read_text(encoding="utf-8"), encoding="utf-8")
        shutil.copyfile(
            folder / "node_modules" / "plotly.js" / "LICENSE", OUT / "LICENSE-plotly-js"
        )
    print(f"wrote {BUNDLE} ({BUNDLE.stat().st_size / 1e6:.2f} MB, plotly.js {version})")


if __name__ == "__main__":
    main()
