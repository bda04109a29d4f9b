"""The region of every country of the sample, written from the README's country → region table
(the specification), not read from the catalogue: the tests' independent golden mapping."""

from __future__ import annotations

SAMPLE_REGIONS: dict[str, str] = {
    "USA": "North America",
    "Canada": "North America",
    "France": "Western Europe",
    "Germany": "Western Europe",
    "Belgium": "Western Europe",
    "Netherlands": "Western Europe",
    "Switzerland": "Western Europe",
    "Austria": "Western Europe",
    "UK": "Northern Europe",
    "Ireland": "Northern Europe",
    "Norway": "Northern Europe",
    "Sweden": "Northern Europe",
    "Denmark": "Northern Europe",
    "Finland": "Northern Europe",
    "Spain": "Southern Europe",
    "Portugal": "Southern Europe",
    "Italy": "Southern Europe",
    "Poland": "Eastern Europe",
    "Russia": "Eastern Europe",
    "Israel": "Middle East & Africa",
    "South Africa": "Middle East & Africa",
    "Japan": "Asia",
    "Hong Kong": "Asia",
    "Singapore": "Asia",
    "Philippines": "Asia",
    "Australia": "Oceania",
    "New Zealand": "Oceania",
}
