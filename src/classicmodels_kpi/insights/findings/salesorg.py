"""Sales organisation: how evenly reps carry the work, and which markets nobody covers locally."""

from __future__ import annotations

from classicmodels_kpi.insights import text as t
from classicmodels_kpi.insights import thresholds as th
from classicmodels_kpi.insights.model import Context, Finding, Skip, money, pct
from classicmodels_kpi.insights.registry import finding

GROUP = "sales organisation"


@finding("rep_workload_spread", GROUP, "rep_workload")
def rep_workload_spread(ctx: Context) -> Finding:
    frame = ctx.run("rep_workload")
    if frame.empty:
        raise Skip("no sales rep is on file")
    loaded = frame[frame["customers"] > 0]
    idle = frame[frame["customers"] == 0].sort_values("rep_name")
    if loaded.empty:
        raise Skip("no customer is assigned to a sales rep")
    earning = loaded[loaded["revenue"] > 0]
    if earning.empty:
        raise Skip("no sales rep has revenue up to the as-of date")
    cust = loaded["customers"].astype(float)
    cv = float(cust.std(ddof=0) / cust.mean())
    hi = earning.sort_values(["revenue", "rep_name"], ascending=[False, True]).iloc[0]
    lo = earning.sort_values(["revenue", "rep_name"]).iloc[0]
    ratio = round(float(hi["revenue"]) / float(lo["revenue"]), 2)
    numbers = {
        "reps": len(frame),
        "reps_with_customers": len(loaded),
        "idle_reps": [str(n) for n in idle["rep_name"]],
        "customers_min": int(cust.min()),
        "customers_max": int(cust.max()),
        "customers_cv": round(cv, 2),
        "top_rep": str(hi["rep_name"]),
        "top_rep_revenue": money(hi["revenue"]),
        "bottom_rep": str(lo["rep_name"]),
        "bottom_rep_revenue": money(lo["revenue"]),
        "revenue_ratio": ratio,
    }
    headline = (
        f"{t.count(len(loaded))} of {t.plural(len(frame), 'rep')} carry customers, "
        f"{t.count(numbers['customers_min'])} to {t.count(numbers['customers_max'])} each; "
        f"revenue per rep runs from {t.usd(numbers['bottom_rep_revenue'])} "
        f"({numbers['bottom_rep']}) to {t.usd(numbers['top_rep_revenue'])} "
        f"({numbers['top_rep']}), {t.ratio(ratio)} times as much."
    )
    advice: list[str] = []
    if len(idle):
        advice.append(
            f"Give accounts to the {t.plural(len(idle), 'rep')} without any "
            f"({t.names(numbers['idle_reps'])})."
        )
    if ratio > th.REP_REVENUE_SPREAD_RATIO or cv > th.REP_CUSTOMERS_CV_WARN:
        advice.append(
            f"Rebalance territories: the top rep books {t.ratio(ratio)} times the revenue of the "
            f"lowest (threshold {t.ratio(th.REP_REVENUE_SPREAD_RATIO)})."
        )
    severity = "warning" if advice else "info"
    return Finding(
        "rep_workload_spread",
        GROUP,
        headline,
        numbers,
        "rep_workload",
        severity,
        " ".join(advice) or None,
    )


@finding("rep_abc", GROUP, "salesrep_performance")
def rep_abc(ctx: Context) -> Finding:
    frame = ctx.run("salesrep_performance")
    earning = frame[frame["revenue"] > 0]
    if earning.empty:
        raise Skip("no sales rep has revenue up to the as-of date")
    counts = {c: int((earning["abc_class"] == c).sum()) for c in ("A", "B", "C")}
    a_share = pct(earning.loc[earning["abc_class"] == "A", "revenue_share_pct"].sum())
    c_reps = earning[earning["abc_class"] == "C"].sort_values("revenue_rank")
    numbers = {
        "reps_with_revenue": len(earning),
        "class_a": counts["A"],
        "class_b": counts["B"],
        "class_c": counts["C"],
        "class_a_share_pct": a_share,
        "class_c_reps": [str(n) for n in c_reps["rep_name"]],
    }
    headline = (
        f"{t.count(counts['A'])} of {t.count(len(earning))} reps with revenue are class A and "
        f"bring {t.pct(a_share)} of it; {t.count(counts['B'])} are B and "
        f"{t.count(counts['C'])} {'is' if counts['C'] == 1 else 'are'} C."
    )
    recommendation = None
    if counts["C"]:
        recommendation = (
            f"Coach or re-territory the class C {'rep' if counts['C'] == 1 else 'reps'} "
            f"({t.names(numbers['class_c_reps'])}); pair "
            f"{t.verb(counts['C'], 'the rep', 'them')} with class A reps."
        )
    return Finding(
        "rep_abc", GROUP, headline, numbers, "salesrep_performance", "info", recommendation
    )


@finding("customers_without_rep", GROUP, "customers_without_rep")
def customers_without_rep(ctx: Context) -> Finding:
    frame = ctx.run("customers_without_rep")
    buying = frame[frame["orders"] > 0]
    numbers = {
        "customers": len(frame),
        "with_orders": len(buying),
        "revenue": money(frame["revenue"].sum()),
    }
    if frame.empty:
        return Finding(
            "customers_without_rep",
            GROUP,
            "Every customer has a sales rep.",
            numbers,
            "customers_without_rep",
        )
    headline = (
        f"{t.plural(len(frame), 'customer')} {t.verb(len(frame), 'has', 'have')} no sales rep"
    )
    if len(buying):
        headline += (
            f"; {t.count(len(buying))} of them {t.verb(len(buying), 'has', 'have')} ordered "
            f"({t.usd(numbers['revenue'])})."
        )
    else:
        headline += f"; {'it has' if len(frame) == 1 else 'none of them has'} ever ordered."
    if len(buying):
        recommendation = (
            f"Assign a rep to {t.the(len(buying), 'buying customer')} without one "
            f"({t.usd(numbers['revenue'])} of revenue nobody looks after)."
        )
        severity = "warning"
    else:
        recommendation = (
            "The customer without a rep has never ordered: assign it to prospect, or archive it."
            if len(frame) == 1
            else f"None of the {t.plural(len(frame), 'customer')} without a rep has ever ordered: "
            "assign them to prospect, or archive them."
        )
        severity = "info"
    return Finding(
        "customers_without_rep",
        GROUP,
        headline,
        numbers,
        "customers_without_rep",
        severity,
        recommendation,
    )


@finding("territory_coverage_gaps", GROUP, "territory_coverage_gaps")
def territory_coverage_gaps(ctx: Context) -> Finding:
    frame = ctx.run("territory_coverage_gaps").sort_values(
        ["revenue", "country"], ascending=[False, True]
    )
    share = pct(frame["revenue_share_pct"].sum())
    numbers = {
        "countries": len(frame),
        "revenue": money(frame["revenue"].sum()),
        "revenue_share_pct": share,
        "largest": [str(c) for c in frame["country"].head(3)],
        "customers_without_rep": int(frame["customers_without_rep"].sum()),
    }
    if frame.empty:
        headline = "Every country with revenue has an office of ours."
        return Finding(
            "territory_coverage_gaps", GROUP, headline, numbers, "territory_coverage_gaps"
        )
    headline = (
        f"{t.plural(len(frame), 'country', 'countries')} with revenue "
        + (
            "has no office of ours; it brings"
            if len(frame) == 1
            else "have no office of ours; together they bring"
        )
        + f" {t.pct(share)} of revenue ({t.usd(numbers['revenue'])}), the most from "
        f"{t.names(numbers['largest'])}."
    )
    severity, recommendation = "info", None
    if share >= th.COVERAGE_GAP_SHARE_WARN_PCT:
        severity = "warning"
        recommendation = (
            f"{t.pct(share)} of revenue is served from abroad (above "
            f"{t.pct(th.COVERAGE_GAP_SHARE_WARN_PCT)}): consider a local office or partner in "
            f"{t.names(numbers['largest'])}."
        )
    return Finding(
        "territory_coverage_gaps",
        GROUP,
        headline,
        numbers,
        "territory_coverage_gaps",
        severity,
        recommendation,
    )
