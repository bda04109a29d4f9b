"""Predictive: who may stop buying, who is late to reorder, segments, demand and the forecast."""

from __future__ import annotations

from classicmodels_kpi.insights import text as t
from classicmodels_kpi.insights import thresholds as th
from classicmodels_kpi.insights.model import Context, Finding, Skip, money, pct
from classicmodels_kpi.insights.registry import finding

GROUP = "predictive"
SEGMENTS = ("Top", "High", "Mid", "Low")
TRENDS = ("Growing", "Stable", "Declining")


def _customers_with_orders(ctx: Context) -> int:
    """Customers with an order up to as_of: the population churn is measured against."""
    return len(ctx.run("customer_rfm"))


@finding("churn_risk", GROUP, "churn_risk")
def churn_risk(ctx: Context) -> Finding:
    frame = ctx.run("churn_risk").sort_values("risk_rank")
    population = _customers_with_orders(ctx)
    if population == 0:
        raise Skip("no customer has an order up to the as-of date")
    threshold = int(ctx.catalogue.queries["churn_risk"].param("inactive_days").default or 180)
    at_risk = len(frame)
    share = pct(100.0 * at_risk / population)
    numbers = {
        "inactive_days": threshold,
        "customers_at_risk": at_risk,
        "customers_with_orders": population,
        "customers_at_risk_pct": share,
        "revenue_at_risk": money(frame["revenue_at_risk"].sum()),
        "lifetime_revenue": money(frame["lifetime_revenue"].sum()),
        "largest_at_risk": [str(n) for n in frame["customerName"].head(3)],
    }
    if not at_risk:
        headline = f"No customer has gone more than {threshold} days without ordering."
        return Finding("churn_risk", GROUP, headline, numbers, "churn_risk")
    headline = (
        f"{t.plural(at_risk, 'customer')} of {t.count(population)} ({t.pct(share)}) have not "
        f"ordered for over {threshold} days; they bought {t.usd(numbers['revenue_at_risk'])} "
        "in their last active year."
    )
    severity = "critical" if share >= th.CHURN_CUSTOMERS_CRITICAL_PCT else "warning"
    recommendation = (
        f"Win back the {t.plural(at_risk, 'lapsed customer')} before they are lost, starting "
        f"with {t.names(numbers['largest_at_risk'])} ({t.usd(numbers['revenue_at_risk'])} a year "
        "at stake)."
    )
    return Finding("churn_risk", GROUP, headline, numbers, "churn_risk", severity, recommendation)


@finding("overdue_next_orders", GROUP, "customer_next_order")
def overdue_next_orders(ctx: Context) -> Finding:
    """Repeat customers late for their next order; the call list leaves out the lapsed ones.

    An overdue customer that has not ordered for over churn_risk's inactive days is already
    named by the win-back recommendation (churn_risk): naming it here again would make two
    recommendations start with the same customers.
    """
    frame = ctx.run("customer_next_order")
    if frame.empty:
        raise Skip("no customer has ordered on two different dates: no interval to project")
    counts = {s: int((frame["status"] == s).sum()) for s in ("Overdue", "Due soon", "On track")}
    overdue = frame[frame["status"] == "Overdue"].sort_values(
        ["revenue", "customerNumber"], ascending=[False, True]
    )
    lapsed = overdue["customerNumber"].isin(set(ctx.run("churn_risk")["customerNumber"]))
    to_call = overdue[~lapsed]
    numbers = {
        "customers": len(frame),
        "overdue": counts["Overdue"],
        "overdue_lapsed": int(lapsed.sum()),
        "overdue_to_call": len(to_call),
        "due_soon": counts["Due soon"],
        "on_track": counts["On track"],
        "median_interval_days": round(float(frame["mean_interval_days"].median())),
        "overdue_revenue": money(overdue["revenue"].sum()),
        "largest_overdue": [str(n) for n in to_call["customerName"].head(3)],
    }
    headline = (
        f"{t.count(counts['Overdue'])} of {t.plural(len(frame), 'repeat customer')} "
        f"{t.verb(counts['Overdue'], 'is', 'are')} overdue for their next order, "
        f"{t.count(counts['Due soon'])} {t.verb(counts['Due soon'], 'is', 'are')} due soon and "
        f"{t.count(counts['On track'])} on track (median interval "
        f"{t.count(numbers['median_interval_days'])} days)."
    )
    recommendation = None
    severity = "info"
    if counts["Overdue"]:
        severity = "warning"
        if len(to_call):
            recommendation = (
                f"Call {t.the(len(to_call), 'overdue customer')} still ordering now"
                + (", " if len(to_call) > len(numbers["largest_overdue"]) else ": ")
                + t.which(len(to_call), numbers["largest_overdue"])
            )
            if numbers["overdue_lapsed"]:
                recommendation += (
                    f"; the other {t.count(numbers['overdue_lapsed'])} overdue "
                    f"{t.verb(numbers['overdue_lapsed'], 'has', 'have')} lapsed (see win-back)"
                )
        else:
            recommendation = "Every overdue customer has lapsed: win them back first"
        if counts["Due soon"]:
            recommendation += f". Line up offers for the {t.count(counts['Due soon'])} due soon"
        recommendation += "."
    return Finding(
        "overdue_next_orders",
        GROUP,
        headline,
        numbers,
        "customer_next_order",
        severity,
        recommendation,
    )


@finding("rfm_segments", GROUP, "customer_rfm")
def rfm_segments(ctx: Context) -> Finding:
    frame = ctx.run("customer_rfm")
    if frame.empty:
        raise Skip("no customer has an order up to the as-of date")
    total = float(frame["monetary"].sum())
    sizes = {s: int((frame["segment"] == s).sum()) for s in SEGMENTS}
    shares = {
        s: pct(100.0 * float(frame.loc[frame["segment"] == s, "monetary"].sum()) / total)
        if total
        else None
        for s in SEGMENTS
    }
    numbers = {"customers": len(frame), "segment_sizes": sizes, "segment_revenue_pct": shares}
    headline = (
        f"RFM segments of {t.plural(len(frame), 'customer')}: "
        + ", ".join(f"{s} {t.count(sizes[s])}" for s in SEGMENTS)
        + f"; the Top segment brings {t.pct(shares['Top'])} of revenue."
    )
    recommendation = None
    if sizes["Low"]:
        recommendation = (
            f"Reward the {t.plural(sizes['Top'], 'Top customer')} ({t.pct(shares['Top'])} of "
            f"revenue) and re-engage the {t.count(sizes['Low'])} in Low "
            f"({t.pct(shares['Low'])}) with targeted offers."
        )
    return Finding("rfm_segments", GROUP, headline, numbers, "customer_rfm", "info", recommendation)


@finding("demand_trend", GROUP, "product_demand_trend")
def demand_trend(ctx: Context) -> Finding:
    frame = ctx.run("product_demand_trend")
    if frame.empty:
        raise Skip("fewer than 6 complete months of sales: no demand trend to compare")
    counts = {s: int((frame["trend"] == s).sum()) for s in TRENDS}
    declining = frame[frame["trend"] == "Declining"].sort_values(
        ["prior_revenue", "productCode"], ascending=[False, True]
    )
    recent = frame["recent_first_month"].dropna()
    numbers = {
        "window_months": 3,
        "products": len(frame),
        "growing": counts["Growing"],
        "stable": counts["Stable"],
        "declining": counts["Declining"],
        "recent_window_start": recent.min().date().isoformat() if len(recent) else None,
        "largest_declining": [str(n) for n in declining["productName"].head(3)],
        "declining_prior_revenue": money(declining["prior_revenue"].sum()),
        "declining_recent_revenue": money(declining["recent_revenue"].sum()),
    }
    headline = (
        f"Over the last {numbers['window_months']} complete months against the "
        f"{numbers['window_months']} before, {t.count(counts['Growing'])} "
        f"products grew, {t.count(counts['Stable'])} held stable and "
        f"{t.count(counts['Declining'])} declined."
    )
    severity, recommendation = "info", None
    if counts["Declining"]:
        severity = "warning" if counts["Declining"] > counts["Growing"] else "info"
        many = counts["Declining"] > 1
        recommendation = (
            f"Review {t.the(counts['Declining'], 'declining product')} ("
            + t.which(counts["Declining"], numbers["largest_declining"])
            + f"): {'together they' if many else 'it'} fell from "
            f"{t.usd(numbers['declining_prior_revenue'])} to "
            f"{t.usd(numbers['declining_recent_revenue'])} of revenue in the last "
            f"{numbers['window_months']} months against the {numbers['window_months']} before. "
            "Promote or reduce stock."
        )
    return Finding(
        "demand_trend", GROUP, headline, numbers, "product_demand_trend", severity, recommendation
    )


@finding("revenue_forecast", GROUP, "revenue_forecast")
def revenue_forecast(ctx: Context) -> Finding:
    frame = ctx.run("revenue_forecast")
    future = frame[frame["kind"] == "forecast"].sort_values("month")
    if future.empty:
        raise Skip("too little history to forecast")
    mape = pct(future["mape_pct"].iloc[0])
    numbers = {
        "months": len(future),
        "first_month": future["month"].iloc[0].date().isoformat()[:7],
        "last_month": future["month"].iloc[-1].date().isoformat()[:7],
        "forecast_revenue": money(future["forecast"].sum()),
        "backtest_mape_pct": mape,
        "model": str(future["model"].iloc[0]),
    }
    headline = (
        f"The {numbers['model']} model forecasts {t.usd(numbers['forecast_revenue'])} of revenue "
        f"over the {numbers['months']} months {numbers['first_month']} to "
        f"{numbers['last_month']}"
        + (f" (backtest error {t.pct(mape)} MAPE)." if mape is not None else ".")
    )
    severity, recommendation = "info", None
    if mape is None or mape > th.FORECAST_MAPE_WARN_PCT:
        severity = "warning"
        recommendation = "Treat the forecast as indicative only: its backtest error " + (
            f"is {t.pct(mape)}, above {t.pct(th.FORECAST_MAPE_WARN_PCT)}."
            if mape is not None
            else "cannot be measured on this history."
        )
    return Finding(
        "revenue_forecast", GROUP, headline, numbers, "revenue_forecast", severity, recommendation
    )
