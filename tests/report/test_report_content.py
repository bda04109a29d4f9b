"""The report holds every section, and its numbers are the KPI and insights JSON numbers."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from classicmodels_kpi.database import connect, parse_db
from classicmodels_kpi.insights import insights
from classicmodels_kpi.kpis import KPI_DEFINITIONS, compute_kpis
from classicmodels_kpi.report import write_report
from classicmodels_kpi.report.page import PLOTLY_BUNDLE, PLOTLY_TRACES, plotly_js

AS_OF = "2005-05-31"
GROUP_TITLES = [
    "customers & geography",
    "products",
    "operations & risk",
    "predictive",
    "sales organisation",
]


@pytest.fixture(scope="module")
def outputs(canonical_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("report")
    with connect(parse_db(str(canonical_path))) as db:
        md = write_report(db, folder / "r.md", fmt="md", as_of=AS_OF, period="ytd")
        page = write_report(db, folder / "r.html", fmt="html", as_of=AS_OF, period="ytd")
        kpis = compute_kpis(db, as_of=AS_OF, period="ytd").to_dict()
        found = insights(db, as_of=AS_OF).to_dict()
    return {
        "md": md.read_text(encoding="utf-8"),
        "html": page.read_text(encoding="utf-8"),
        "kpis": kpis,
        "insights": found,
    }


def parse_number(text: str) -> float | None:
    """'$1,770,936.71' → 1770936.71, '-1.1 pp' → -1.1, '–' → None."""
    text = text.strip().replace("▲", "").replace("▼", "").replace("=", "").strip()
    if text in ("–", ""):
        return None
    m = re.fullmatch(r"([+-]?)\$?([\d,]+(?:\.\d+)?)\s*(?:%|pp)?", text)
    assert m, text
    value = float(m.group(2).replace(",", ""))
    return -value if m.group(1) == "-" else value


def check_kpi_cells(cells: dict[str, list[str]], kpis: dict) -> None:
    """cells: label → [value, reference, delta, delta %] as printed."""
    for d in KPI_DEFINITIONS:
        k = kpis["kpis"][d.name]
        printed = [parse_number(c) for c in cells[d.label]]
        tolerance = {"money": 0.005, "count": 0, "pct": 0.05}[d.unit]
        for got, want in zip(printed[:3], (k["value"], k["reference"], k["delta"]), strict=True):
            assert (got is None) == (want is None), d.name
            if want is not None:
                assert abs(got - want) <= tolerance + 1e-9, (d.name, got, want)
        if k["delta"]:  # the arrow says better or worse without colour
            better = (k["delta"] > 0) == d.higher_is_better
            assert ("▲" if better else "▼") in cells[d.label][2], d.name
        if k["delta_pct"] is None:
            assert printed[3] is None
        else:
            assert abs(printed[3] - k["delta_pct"]) <= 0.05 + 1e-9, d.name


def test_markdown_sections(outputs: dict) -> None:
    md = outputs["md"]
    assert md.startswith("# ClassicModels executive KPI report")
    assert f"As of **{AS_OF}**" in md
    assert "Current period 2005-01-01 to 2005-05-31, against 2004-01-01 to 2004-05-31" in md
    for heading in (
        "## Key performance indicators",
        "## Insights",
        "## Recommendations",
        "## Data quality",
        "## Definitions",
    ):
        assert heading in md, heading
    for group in GROUP_TITLES:
        assert f"### {group.capitalize()}" in md


def test_markdown_kpi_table_equals_kpi_json(outputs: dict) -> None:
    rows = {}
    for line in outputs["md"].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in {d.label for d in KPI_DEFINITIONS}:
            rows[cells[0]] = cells[1:]
    assert len(rows) == 7
    check_kpi_cells(rows, outputs["kpis"])


def test_markdown_findings_are_the_insights_json(outputs: dict) -> None:
    md = outputs["md"]
    findings = outputs["insights"]["findings"]
    assert len(findings) >= 20
    for f in findings:
        assert f["headline"] in md, f["id"]
        if f["recommendation"]:
            assert f["recommendation"] in md, f["id"]
    quality = md.split("## Data quality", 1)[1].split("## Definitions", 1)[0]
    for f in findings:
        if f["group"] == "data quality":
            assert f["headline"] in quality


def test_html_sections_and_numbers(outputs: dict) -> None:
    page = outputs["html"]
    text = html.unescape(page)
    assert "<title>ClassicModels executive KPI report — as of 2005-05-31</title>" in page
    for section in ("kpis", "charts", "insights", "recommendations", "data-quality", "definitions"):
        assert f'<section id="{section}">' in page, section
    for group in GROUP_TITLES:
        assert f">{group}</h3>" in text
    rows = {}
    for m in re.finditer(r'<tr data-kpi="(\w+)">(.*?)</tr>', page, re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c))  # the text, as a reader sees it
            for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(2), re.S)
        ]
        rows[cells[0]] = cells[1:]
    assert len(rows) == 7
    check_kpi_cells(rows, outputs["kpis"])
    for f in outputs["insights"]["findings"]:
        assert f["headline"] in text, f["id"]
        if f["recommendation"]:
            assert f["recommendation"] in text, f["id"]


def test_html_is_self_contained_with_embedded_plotly(outputs: dict) -> None:
    page = outputs["html"]
    # plotly.js is inline, unchanged (its code holds link texts such as its own logo's href,
    # which are strings in JavaScript, not resources the page loads).
    bundle = plotly_js()
    assert page.count(bundle) == 1
    rest = page.replace(bundle, "")
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", rest, re.I)
    assert external == []
    assert re.findall(r"https?://", rest) == []
    assert "<link" not in rest and "@import" not in rest and "@font-face" not in rest
    drawn = re.findall(r'Plotly\.newPlot\("plot-(\w+)"', rest)
    assert {"monthly_revenue", "revenue_by_country", "productline_mix", "on_time_trend"} <= set(
        drawn
    )


def _plotly_version(script: str) -> str:
    found = re.search(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)", script[:300])
    assert found, script[:300]
    return found.group(1)


def test_embedded_plotly_is_the_plotly_packages_version_and_draws_every_chart(
    outputs: dict,
) -> None:
    """The report embeds plotly.js's basic bundle (bar, pie, scatter): the same plotly.js
    version as the plotly package, and every chart's traces are of a type it draws."""
    from plotly.offline import get_plotlyjs

    assert _plotly_version(plotly_js()) == _plotly_version(get_plotlyjs())
    assert "(basic - minified)" in plotly_js()[:200]
    assert (PLOTLY_BUNDLE.parent / "LICENSE-plotly-js").read_text().startswith("MIT License")
    calls = re.findall(r'Plotly\.newPlot\("plot-\w+", \.\.\.(.*?)\);</script>', outputs["html"])
    assert len(calls) >= 4
    used = {trace["type"] for call in calls for trace in json.loads(call.replace("<\\/", "</"))[0]}
    assert used == {"bar", "scatter"}
    assert used <= PLOTLY_TRACES


def test_other_periods_and_as_of_are_reported(canonical_path: Path, tmp_path: Path) -> None:
    with connect(parse_db(str(canonical_path))) as db:
        path = write_report(db, tmp_path / "y.md", fmt="md", as_of="2005-05-31", period="year")
        kpis = compute_kpis(db, as_of="2005-05-31", period="year").to_dict()
    md = path.read_text(encoding="utf-8")
    assert "period: last full calendar year (year)" in md
    assert "2004-01-01 to 2004-12-31, against 2003-01-01 to 2003-12-31" in md
    for note in kpis["notes"]:
        assert f"> Note: {note}" in md


def test_compiled_templates_are_cached_and_a_damaged_cache_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classicmodels_kpi.database import sqlcache
    from classicmodels_kpi.report import page

    assert page.CACHE_ENV_VAR == sqlcache.CACHE_ENV_VAR
    monkeypatch.setenv(page.CACHE_ENV_VAR, str(tmp_path))
    page.environment.cache_clear()
    try:
        head = page.environment().get_template("report_head.html.j2").render(plotlyjs="/*js*/")
        stored = list((tmp_path / "templates").iterdir())
        assert len(stored) == 1 and stored[0].read_bytes().startswith(b"j2")
        stored[0].write_bytes(b"j2 damaged")
        page.environment.cache_clear()
        again = page.environment().get_template("report_head.html.j2").render(plotlyjs="/*js*/")
        assert again == head and "<script>/*js*/</script>" in head
        assert stored[0].read_bytes() != b"j2 damaged"  # compiled and stored anew
    finally:
        page.environment.cache_clear()


def test_chart_titles_are_page_text_that_wraps(outputs: dict) -> None:
    """Each chart's title is a caption in the page, not a Plotly title: those never wrap and ran
    past a phone's edge."""
    page = outputs["html"]
    figures = re.findall(
        r'<figure class="chart" id="chart-(\w+)"><figcaption class="chart-title">(.*?)'
        r'</figcaption>.*?Plotly\.newPlot\("plot-\1", \.\.\.(.*?)\);</script>',
        page,
        re.S,
    )
    assert len(figures) == page.count("Plotly.newPlot(") >= 5
    for chart, caption, call in figures:
        layout = json.loads(call.replace("<\\/", "</"))[1]
        assert caption.strip(), chart
        assert "title" not in layout, chart
