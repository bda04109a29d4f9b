"""Countries the offline world map has no shape for, and where to draw them as points.

The map's topojson (Natural Earth 1:110m, served from ``assets/world_110m.js``) leaves out small
countries such as Singapore and Hong Kong: a choropleth silently drops their revenue. Those
rows are drawn as points at the country's centroid instead. Which name is which country follows
the rules plotly.js itself applies (npm ``country-regex``: the lower-cased, trimmed name against
each rule in order, the first match wins), so a row is a point exactly when the map would lose
it. The table is written by ``scripts/vendor_country_points.py``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).parent / "geo" / "country_points.json"


@cache
def _table() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], dict[str, tuple[float, float]]]:
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    rules = tuple((iso, re.compile(rule)) for iso, rule in data["rules"])
    points = {iso: (float(lon), float(lat)) for iso, (lon, lat) in data["points"].items()}
    return rules, points


@cache
def iso3(name: str) -> str | None:
    """The ISO 3166 alpha-3 code plotly.js reads from a country name, or None."""
    rules, _ = _table()
    text = name.strip().lower()
    return next((iso for iso, rule in rules if rule.search(text)), None)


def point(name: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a country the map has no shape for; None for the others."""
    code = iso3(name)
    return None if code is None else _table()[1].get(code)
