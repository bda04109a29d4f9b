"""Operations & risk: delivery, credit, unpaid balances and orders stuck in exceptions."""

from __future__ import annotations

from classicmodels_kpi.insights import text as t
from classicmodels_kpi.insights import thresholds as th
from classicmodels_kpi.insights.model import Context, Finding, Skip, money, pct
from classicmodels_kpi.insights.registry import finding

GROUP = "operations & risk"
#: Balances under a cent are float noise of invoiced − paid, not debt.
CENT = 0.005


@finding("on_time_delivery", GROUP, "on_time_delivery")
def on_time_delivery(ctx: Context) -> Finding:
    frame = ctx.run("on_time_delivery")
    years = frame[(frame["grain"] == "year") & (frame["shipped_orders"].fillna(0) > 0)]
    years = years.sort_values("period")
    if years.empty:
        raise Skip("no order has been shipped up to the as-of date")
    shipped = int(years["shipped_orders"].sum())
    on_time = int(years["on_time_orders"].sum())
    latest = years.iloc[-1]
    numbers = {
        "latest_year": str(latest["period"]),
        "latest_pct": pct(latest["on_time_pct"]),
        "latest_shipped": int(latest["shipped_orders"]),
        "shipped_orders": shipped,
        "late_orders": int(years["late_orders"].sum()),
        "overall_pct": pct(100.0 * on_time / shipped),
        "by_year_pct": {str(r.period): pct(r.on_time_pct) for r in years.itertuples()},
    }
    headline = (
        f"On-time delivery is {t.pct(numbers['latest_pct'])} of the "
        f"{t.plural(numbers['latest_shipped'], 'order')} shipped in {numbers['latest_year']}"
    )
    if numbers["latest_year"] == str(ctx.as_of.year) and ctx.as_of.strftime("%m-%d") != "12-31":
        numbers["up_to"] = ctx.as_of.isoformat()
        headline += f" up to {numbers['up_to']}"
    change = None
    if len(years) > 1:
        previous = years.iloc[-2]
        change = pct(float(latest["on_time_pct"]) - float(previous["on_time_pct"]))
        numbers.update(
            previous_year=str(previous["period"]),
            previous_pct=pct(previous["on_time_pct"]),
            change_pp=change,
        )
        headline += f", against {t.pct(numbers['previous_pct'])} in {numbers['previous_year']}"
    headline += (
        f"; {t.count(numbers['late_orders'])} of {t.count(shipped)} shipped orders "
        f"{'was' if numbers['late_orders'] == 1 else 'were'} late overall "
        f"({t.pct(numbers['overall_pct'])} on time)."
    )
    advice: list[str] = []
    if numbers["latest_pct"] < th.ON_TIME_TARGET_PCT:
        advice.append(
            f"Bring on-time delivery back to the {t.pct(th.ON_TIME_TARGET_PCT)} target: "
            f"{numbers['latest_year']} stands at {t.pct(numbers['latest_pct'])}."
        )
    if change is not None and change < -th.ON_TIME_DROP_PP:
        advice.append(
            f"Find out why on-time delivery fell {t.pp(-change)} against "
            f"{numbers['previous_year']}."
        )
    severity = "warning" if advice else "info"
    return Finding(
        "on_time_delivery",
        GROUP,
        headline,
        numbers,
        "on_time_delivery",
        severity,
        " ".join(advice) or None,
    )


def _credit_alignment(ctx: Context, alignment: str) -> set[int]:
    """Customers the credit_sales_misalignment query calls Over- or Under-credited."""
    frame = ctx.run("credit_sales_misalignment")
    return {int(n) for n in frame.loc[frame["alignment"] == alignment, "customerNumber"]}


def _owing_above_limit(ctx: Context) -> set[int]:
    """Customers whose unpaid balance exceeds their credit limit (none without payments)."""
    if ctx.row_count("payments") == 0:
        return set()
    return {int(n) for n in ctx.run("outstanding_balance_risk")["customerNumber"]}


@finding("high_risk_accounts", GROUP, "high_risk_customers")
def high_risk_accounts(ctx: Context) -> Finding:
    """Who carries a risk, and whose unpaid balance to chase.

    The query flags under-credited customers too (credit out of line with sales, either way);
    an active customer whose only risk is buying well beyond its limit is a customer to give
    more credit (credit_misalignment says so), not a debt to chase: it is left out of the list
    to chase, so the two recommendations never name the same customer both ways.
    """
    frame = ctx.run("high_risk_customers")
    customers = int(ctx.run("business_overview")["customers"].iloc[0])
    if customers == 0:
        raise Skip("the customers table is empty")
    has_payments = ctx.row_count("payments") > 0
    recency = int(ctx.catalogue.queries["high_risk_customers"].param("recency_days").default)
    share = pct(100.0 * len(frame) / customers)
    misaligned = frame["is_misaligned"].fillna(False).astype(bool)
    no_orders = frame["has_no_orders"].fillna(False).astype(bool)
    inactive = frame["is_inactive"].fillna(False).astype(bool)
    over_credited = frame["customerNumber"].isin(_credit_alignment(ctx, "Over-credited"))
    to_chase = frame[(frame["amount_at_risk"] >= CENT) & (inactive | over_credited)].sort_values(
        ["amount_at_risk", "customerNumber"], ascending=[False, True]
    )
    numbers = {
        "high_risk_customers": len(frame),
        "customers": customers,
        "high_risk_pct": share,
        "recency_days": recency,
        "misaligned": int(misaligned.sum()),
        "no_orders": int(no_orders.sum()),
        "no_orders_without_credit": int((no_orders & (frame["creditLimit"].fillna(0) <= 0)).sum()),
        "inactive": int(inactive.sum()),
        "several_risks": int((frame["risk_count"].fillna(0) > 1).sum()),
        "amount_at_risk": money(frame["amount_at_risk"].sum()) if has_payments else None,
        "accounts_to_chase": len(to_chase) if has_payments else 0,
        "amount_to_chase": money(to_chase["amount_at_risk"].sum()) if has_payments else None,
        "largest_amounts": [str(n) for n in to_chase["customerName"].head(3)]
        if has_payments
        else [],
    }
    parts = [
        f"{t.count(numbers['inactive'])} without an order for over {recency} days",
        f"{t.count(numbers['no_orders'])} without orders"
        + (
            ""
            if not numbers["no_orders_without_credit"]
            else " (all prospects without credit)"
            if numbers["no_orders_without_credit"] == numbers["no_orders"]
            else f" ({t.count(numbers['no_orders_without_credit'])} of them prospects without "
            "credit)"
        ),
        f"{t.count(numbers['misaligned'])} with credit out of line with sales",
    ]
    headline = (
        f"{t.plural(len(frame), 'customer')} of {t.count(customers)} ({t.pct(share)}) "
        f"{t.verb(len(frame), 'carries', 'carry')} a risk: " + ", ".join(parts)
    )
    if numbers["several_risks"]:
        headline += f" ({t.count(numbers['several_risks'])} with more than one)"
    if has_payments:
        headline += f"; {t.usd(numbers['amount_at_risk'])} of unpaid balances sit with them."
    else:
        headline += "; the payments table is empty, so no amount at risk is computed."
    severity = (
        "critical" if share >= th.HIGH_RISK_CRITICAL_PCT else ("warning" if len(frame) else "info")
    )
    recommendation = None
    if numbers["largest_amounts"]:
        accounts = len(to_chase)
        recommendation = (
            f"Chase the {t.usd(numbers['amount_to_chase'])} owed by "
            f"{t.the(accounts, 'inactive or over-credited account')} "
            f"({t.which(accounts, numbers['largest_amounts'])}) and hold new credit until it is "
            "paid."
        )
    elif len(frame):
        recommendation = (
            f"Review {t.the(len(frame), 'high-risk account')}: re-engage the inactive, "
            "prospect or archive those without orders, and realign credit with sales."
        )
    return Finding(
        "high_risk_accounts",
        GROUP,
        headline,
        numbers,
        "high_risk_customers",
        severity,
        recommendation,
    )


@finding("credit_misalignment", GROUP, "credit_sales_misalignment")
def credit_misalignment(ctx: Context) -> Finding:
    """Credit out of line with sales; more credit only for those who stay within their limit.

    A customer owing more than its limit already is to be put on credit hold
    (balances_above_credit), so it is never also among the limits to raise.
    """
    frame = ctx.run("credit_sales_misalignment")
    threshold = float(ctx.catalogue.queries["credit_sales_misalignment"].param("threshold").default)
    over = frame[frame["alignment"] == "Over-credited"].sort_values(
        ["creditLimit", "customerNumber"], ascending=[False, True]
    )
    under = frame[frame["alignment"] == "Under-credited"].sort_values(
        ["revenue", "customerNumber"], ascending=[False, True]
    )
    above_limit = under["customerNumber"].isin(_owing_above_limit(ctx))
    to_raise = under[~above_limit]
    numbers = {
        "threshold": threshold,
        "over_credited": len(over),
        "under_credited": len(under),
        "under_credited_owing_above_limit": int(above_limit.sum()),
        "over_credited_credit": money(over["creditLimit"].sum()),
        "under_credited_revenue": money(under["revenue"].sum()),
        "limits_to_raise": len(to_raise),
        "largest_under_credited": [str(n) for n in to_raise["customerName"].head(3)],
    }
    headline = (
        f"{t.plural(len(over), 'customer')} {t.verb(len(over), 'is', 'are')} over-credited "
        f"(credit at least {t.ratio(threshold, 0)} times their sales, "
        f"{t.usd(numbers['over_credited_credit'])} of credit) and {t.count(len(under))} "
        f"under-credited (sales at least {t.ratio(threshold, 0)} times their credit)."
    )
    advice: list[str] = []
    if len(to_raise):
        many = len(to_raise) > 1
        advice.append(
            f"Raise the credit {'limits' if many else 'limit'} of "
            f"{t.the(len(to_raise), 'under-credited customer')} who "
            f"{'buy' if many else 'buys'} well beyond {'them' if many else 'it'} while owing "
            f"less ({t.names(numbers['largest_under_credited'])})."
        )
    if len(over):
        advice.append(
            f"Lower or review {t.usd(numbers['over_credited_credit'])} of credit held by "
            f"{t.the(len(over), 'over-credited customer')}."
        )
    severity = "warning" if advice else "info"
    return Finding(
        "credit_misalignment",
        GROUP,
        headline,
        numbers,
        "credit_sales_misalignment",
        severity,
        " ".join(advice) or None,
    )


@finding("outstanding_balances", GROUP, "payments_summary")
def outstanding_balances(ctx: Context) -> Finding:
    ctx.require_rows("payments", "payments")
    frame = ctx.run("payments_summary")
    invoiced = float(frame["invoiced"].sum())
    paid = float(frame["paid"].sum())
    if invoiced <= 0:
        raise Skip("nothing was invoiced up to the as-of date")
    owing = frame[frame["outstanding_balance"] >= CENT].sort_values(
        ["outstanding_balance", "customerNumber"], ascending=[False, True]
    )
    numbers = {
        "invoiced": money(invoiced),
        "paid": money(paid),
        "outstanding": money(owing["outstanding_balance"].sum()),
        "collected_pct": pct(100.0 * paid / invoiced) if invoiced else None,
        "customers_owing": len(owing),
        "largest_debtors": [str(n) for n in owing["customerName"].head(3)],
    }
    headline = (
        f"{t.pct(numbers['collected_pct'])} of invoiced revenue is collected: "
        f"{t.plural(len(owing), 'customer')} owe {t.usd(numbers['outstanding'])}."
    )
    recommendation = None
    if len(owing):
        recommendation = (
            f"Send reminders to the {t.plural(len(owing), 'customer')} with unpaid balances, "
            f"starting with {t.names(numbers['largest_debtors'])}."
        )
    return Finding(
        "outstanding_balances",
        GROUP,
        headline,
        numbers,
        "payments_summary",
        "warning" if len(owing) else "info",
        recommendation,
    )


@finding("balances_above_credit", GROUP, "outstanding_balance_risk")
def balances_above_credit(ctx: Context) -> Finding:
    ctx.require_rows("payments", "payments")
    frame = ctx.run("outstanding_balance_risk").sort_values(
        ["excess_over_limit", "customerNumber"], ascending=[False, True]
    )
    numbers = {
        "customers": len(frame),
        "outstanding": money(frame["outstanding_balance"].sum()),
        "excess_over_limit": money(frame["excess_over_limit"].sum()),
        "customer_names": [str(n) for n in frame["customerName"]],
    }
    if frame.empty:
        headline = "No customer owes more than their credit limit."
        return Finding(
            "balances_above_credit", GROUP, headline, numbers, "outstanding_balance_risk"
        )
    headline = (
        f"{t.plural(len(frame), 'customer')} owe more than their credit limit: "
        f"{t.usd(numbers['outstanding'])} outstanding, {t.usd(numbers['excess_over_limit'])} "
        "above the limits."
    )
    recommendation = (
        f"Put {t.names(numbers['customer_names'])} on credit hold until they pay down the "
        f"{t.usd(numbers['excess_over_limit'])} above their limits."
    )
    return Finding(
        "balances_above_credit",
        GROUP,
        headline,
        numbers,
        "outstanding_balance_risk",
        "critical",
        recommendation,
    )


@finding("geographic_credit_anomalies", GROUP, "geographic_credit_anomalies")
def geographic_credit_anomalies(ctx: Context) -> Finding:
    frame = ctx.run("geographic_credit_anomalies")
    high = sorted(str(c) for c in frame.loc[frame["anomaly"] == "High credit for sales", "country"])
    low = sorted(str(c) for c in frame.loc[frame["anomaly"] == "Low credit for sales", "country"])
    if frame.empty:
        raise Skip("no customer holds credit: there is no credit to compare with sales")
    numbers = {"countries": len(frame), "high_credit_for_sales": high, "low_credit_for_sales": low}
    if not high and not low:
        headline = f"Credit is in line with sales in all {t.count(len(frame))} countries."
        return Finding(
            "geographic_credit_anomalies", GROUP, headline, numbers, "geographic_credit_anomalies"
        )
    found, advice = [], []
    if high:
        found.append(f"runs high for sales in {t.names(high)}")
        advice.append(f"tighten credit in {t.names(high)}, where it runs ahead of sales")
    if low:
        found.append(f"runs low for sales in {t.names(low)}")
        advice.append(f"loosen credit in {t.names(low)}, where buyers are held back")
    headline = (
        f"Of {t.count(len(frame))} countries with credit, credit " + " and ".join(found) + "."
    )
    recommendation = "Align credit policy per country: " + "; ".join(advice) + "."
    return Finding(
        "geographic_credit_anomalies",
        GROUP,
        headline,
        numbers,
        "geographic_credit_anomalies",
        "info",
        recommendation,
    )


@finding("order_status_exceptions", GROUP, "order_status_exceptions")
def order_status_exceptions(ctx: Context) -> Finding:
    frame = ctx.run("order_status_exceptions")
    statuses = ("Cancelled", "On Hold", "Disputed")
    count = {st: int((frame["status"] == st).sum()) for st in statuses}
    value = {st: money(frame.loc[frame["status"] == st, "order_value"].sum()) for st in statuses}
    open_orders = frame[frame["status"].isin(["On Hold", "Disputed"])]
    numbers = {
        "cancelled": count["Cancelled"],
        "on_hold": count["On Hold"],
        "disputed": count["Disputed"],
        "cancelled_value": value["Cancelled"],
        "open_orders": len(open_orders),
        "open_value": money(open_orders["order_value"].sum()),
        "oldest_open_days": int(open_orders["age_days"].max()) if len(open_orders) else None,
    }
    if frame.empty:
        headline = "No order is Cancelled, On Hold or Disputed."
        return Finding(
            "order_status_exceptions", GROUP, headline, numbers, "order_status_exceptions"
        )
    headline = (
        f"{t.plural(count['On Hold'], 'order')} {t.verb(count['On Hold'], 'is', 'are')} on hold "
        f"and {t.count(count['Disputed'])} disputed ({t.usd(numbers['open_value'])} waiting); "
        f"{t.count(count['Cancelled'])} {t.verb(count['Cancelled'], 'was', 'were')} cancelled "
        f"({t.usd(value['Cancelled'])} lost)."
    )
    recommendation = None
    if len(open_orders):
        recommendation = (
            f"Resolve {t.the(len(open_orders), 'open exception')} "
            f"({t.usd(numbers['open_value'])}); the oldest has waited "
            f"{t.count(numbers['oldest_open_days'])} days."
        )
    return Finding(
        "order_status_exceptions",
        GROUP,
        headline,
        numbers,
        "order_status_exceptions",
        "warning" if len(open_orders) else "info",
        recommendation,
    )
