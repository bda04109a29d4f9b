"""Data quality: what the catalogue's quality checks found: one summary, one line per check."""

from __future__ import annotations

from classicmodels_kpi.catalogue.checks import quality_queries
from classicmodels_kpi.insights import text as t
from classicmodels_kpi.insights.model import Context, Finding, Skip
from classicmodels_kpi.insights.registry import finding

GROUP = "data quality"
#: Check severities (error, warning, info) as finding severities.
SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}
LEVELS = ("error", "warning", "info")
LABELS = {"error": "errors", "warning": "warnings", "info": "informational"}


def _checks(ctx: Context) -> dict[str, dict[str, object]]:
    """Every quality query's result, summarised: rows, rows per severity, checks, tables."""
    names = quality_queries()
    if not names:
        raise Skip("the catalogue has no data-quality checks")
    out: dict[str, dict[str, object]] = {}
    for name in names:
        frame = ctx.run(name)
        levels = frame["severity"].astype(str).str.lower() if len(frame) else frame["severity"]
        out[name] = {
            "title": ctx.catalogue.queries[name].title,
            "rows": len(frame),
            **{lvl: int((levels == lvl).sum()) for lvl in LEVELS},
            "checks": sorted({str(c) for c in frame["check"]}) if len(frame) else [],
            "tables": sorted({str(c) for c in frame["table"]}) if len(frame) else [],
        }
    return out


def _worst(summary: dict[str, object]) -> str:
    return next((lvl for lvl in LEVELS if summary[lvl]), "info")


@finding("data_quality", GROUP, "quality checks")
def data_quality(ctx: Context) -> list[Finding]:
    checks = _checks(ctx)
    flagged = {n: s for n, s in checks.items() if s["rows"]}
    totals = {lvl: sum(int(s[lvl]) for s in checks.values()) for lvl in LEVELS}
    summary_numbers = {
        "checks": len(checks),
        "checks_with_findings": len(flagged),
        "clean_checks": len(checks) - len(flagged),
        "errors": totals["error"],
        "warnings": totals["warning"],
        "infos": totals["info"],
        "rows_by_check": {n: int(s["rows"]) for n, s in checks.items()},
    }
    headline = (
        f"{t.plural(len(checks), 'data-quality check')} ran: {t.count(len(checks) - len(flagged))} "
        f"found nothing, {t.count(len(flagged))} flagged rows: "
        f"{t.plural(totals['error'], 'error')}, {t.plural(totals['warning'], 'warning')} and "
        f"{t.count(totals['info'])} informational."
    )
    worst = next((lvl for lvl in LEVELS if totals[lvl]), "info")
    # Each flagged check recommends its own fix; the summary adds one only to say where to
    # start when several checks found errors (else the same advice would be given twice).
    recommendation = None
    bad = [n for n, s in flagged.items() if s["error"]]
    if len(bad) > 1:
        recommendation = (
            f"Start with the {t.plural(totals['error'], 'error row')} of {t.names(bad)}: errors "
            "make figures wrong, warnings make them harder to read."
        )
    findings = [
        Finding(
            "data_quality_summary",
            GROUP,
            headline,
            summary_numbers,
            "quality checks",
            SEVERITY[worst],
            recommendation,
        )
    ]
    for name, s in flagged.items():
        parts = [t.count(int(s[lvl])) + " " + LABELS[lvl] for lvl in LEVELS if s[lvl]]
        numbers = {
            "rows": s["rows"],
            **{lvl: s[lvl] for lvl in LEVELS},
            "checks": s["checks"],
            "tables": s["tables"],
        }
        line = (
            f"{s['title']}: {t.plural(int(s['rows']), 'row')} flagged ({', '.join(parts)}) in "
            f"{t.names(s['tables'])}."
        )
        advice = None
        if s["error"] or s["warning"]:
            advice = (
                f"Correct the {t.plural(int(s['error']) + int(s['warning']), 'row')} flagged by "
                f"{name} in the source system (cmkpi query {name} lists them)."
            )
            if name == "invalid_dates":
                advice += (
                    " Until then the catalogue reads those dates as empty, so their rows drop out "
                    "of every figure that needs the date."
                )
        findings.append(
            Finding(f"dq_{name}", GROUP, line, numbers, name, SEVERITY[_worst(s)], advice)
        )
    return findings
