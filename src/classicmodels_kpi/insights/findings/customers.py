"""Customers & geography: how concentrated revenue is, and where baskets are small."""

from __future__ import annotations

import math

from classicmodels_kpi.insights import text as t
from classicmodels_kpi.insights import thresholds as th
from classicmodels_kpi.insights.model import Context, Finding, Skip, money, pct
from classicmodels_kpi.insights.registry import finding

GROUP = "customers & geography"


@finding("top_customers_share", GROUP, "customer_performance")
def top_customers_share(ctx: Context) -> Finding:
    frame = ctx.run("customer_performance")
    buyers = frame[frame["revenue"] > 0].sort_values(
        ["revenue", "customerNumber"], ascending=[False, True]
    )
    if buyers.empty:
        raise Skip("no customer has revenue up to the as-of date")
    total = float(buyers["revenue"].sum())
    top_n = max(1, math.ceil(th.TOP_CUSTOMER_FRACTION * len(buyers)))
    top = buyers.head(top_n)
    share = pct(100.0 * float(top["revenue"].sum()) / total)
    numbers = {
        "top_fraction_pct": round(100 * th.TOP_CUSTOMER_FRACTION),
        "customers_with_revenue": len(buyers),
        "top_customers": top_n,
        "top_customers_revenue": money(top["revenue"].sum()),
        "top_customers_share_pct": share,
        "largest_customers": [str(n) for n in top["customerName"].head(3)],
    }
    headline = (
        f"The top {numbers['top_fraction_pct']} % of customers ({top_n} of "
        f"{len(buyers)} with revenue) bring {t.pct(share)} of revenue "
        f"({t.usd(numbers['top_customers_revenue'])})."
    )
    recommendation = None
    severity = "info"
    if share is not None and share >= th.TOP_CUSTOMERS_SHARE_WARN_PCT:
        severity = "warning"
        recommendation = (
            f"Revenue leans on few accounts ({t.pct(share)} from {top_n} customers, above "
            f"{t.pct(th.TOP_CUSTOMERS_SHARE_WARN_PCT)}): give "
            f"{t.names(numbers['largest_customers'])} named account plans and grow the next tier."
        )
    return Finding(
        "top_customers_share",
        GROUP,
        headline,
        numbers,
        "customer_performance",
        severity,
        recommendation,
    )


@finding("top3_countries_share", GROUP, "sales_by_country")
def top3_countries_share(ctx: Context) -> Finding:
    frame = ctx.run("sales_by_country")
    frame = frame[frame["revenue"] > 0].sort_values(["revenue", "country"], ascending=[False, True])
    if frame.empty:
        raise Skip("no country has revenue up to the as-of date")
    top = frame.head(3)
    share = pct(top["revenue_share_pct"].sum())
    countries = [str(c) for c in top["country"]]
    numbers = {
        "top_n": len(countries),  # 3, unless fewer countries have revenue
        "countries_with_revenue": len(frame),
        "top3_countries": countries,
        "top3_revenue": money(top["revenue"].sum()),
        "top3_share_pct": share,
        "largest_country_share_pct": pct(top["revenue_share_pct"].iloc[0]),
    }
    headline = (
        f"The top {t.plural(len(countries), 'country', 'countries')} ({t.names(countries)}) "
        f"{'brings' if len(countries) == 1 else 'bring'} {t.pct(share)} of revenue; "
        f"{countries[0]} alone {t.pct(numbers['largest_country_share_pct'])}."
    )
    recommendation = None
    severity = "info"
    if share is not None and share >= th.TOP3_COUNTRIES_SHARE_WARN_PCT:
        severity = "warning"
        nxt = [str(c) for c in frame["country"].iloc[3:6]]
        recommendation = (
            f"{t.pct(share)} of revenue comes from {len(countries)} countries (above "
            f"{t.pct(th.TOP3_COUNTRIES_SHARE_WARN_PCT)}): grow the next markets "
            f"({t.names(nxt)}) to spread the geographic risk."
        )
    return Finding(
        "top3_countries_share",
        GROUP,
        headline,
        numbers,
        "sales_by_country",
        severity,
        recommendation,
    )


@finding("bottom_quartile_countries", GROUP, "sales_by_country")
def bottom_quartile_countries(ctx: Context) -> Finding:
    frame = ctx.run("sales_by_country")
    frame = frame[frame["revenue"] > 0].copy()
    if len(frame) < 4:
        raise Skip(f"only {len(frame)} countries have revenue: too few for quartiles")
    # CUME_DIST (ascending): the share of countries with revenue at or below this one.
    frame["cume_dist"] = frame["revenue"].rank(method="max", pct=True)
    bottom = frame[frame["cume_dist"] <= th.BOTTOM_QUARTILE].sort_values(["revenue", "country"])
    countries = [str(c) for c in bottom["country"]]
    share = pct(bottom["revenue_share_pct"].sum())
    numbers = {
        "countries_with_revenue": len(frame),
        "bottom_quartile_countries": countries,
        "bottom_quartile_count": len(countries),
        "bottom_quartile_revenue": money(bottom["revenue"].sum()),
        "bottom_quartile_share_pct": share,
        "bottom_quartile_orders": int(bottom["orders"].sum()),
    }
    headline = (
        f"The bottom quartile of countries by revenue ({len(countries)} of {len(frame)}: "
        f"{t.names(countries)}) brings {t.pct(share)} of revenue from "
        f"{t.plural(numbers['bottom_quartile_orders'], 'order')}."
    )
    recommendation = (
        f"Review the cost to serve {t.names(countries)}: together they bring "
        f"{t.pct(share)} of revenue; serve them through lower-cost channels or grow them "
        "deliberately."
        if countries
        else None
    )
    return Finding(
        "bottom_quartile_countries",
        GROUP,
        headline,
        numbers,
        "sales_by_country",
        "info",
        recommendation,
    )


@finding("countries_without_revenue", GROUP, "sales_by_region")
def countries_without_revenue(ctx: Context) -> Finding:
    frame = ctx.run("sales_by_region")
    idle = frame[(frame["customers"] > 0) & (frame["revenue"] <= 0)].sort_values("country")
    countries = [str(c) for c in idle["country"]]
    numbers = {
        "countries_without_revenue": countries,
        "count": len(countries),
        "customers": int(idle["customers"].sum()),
    }
    if not countries:
        headline = "Every country with customers on file has revenue."
        return Finding("countries_without_revenue", GROUP, headline, numbers, "sales_by_region")
    headline = (
        f"{t.plural(len(countries), 'country', 'countries')} ({t.names(countries)}) "
        f"{'has' if len(countries) == 1 else 'have'} "
        f"{t.plural(numbers['customers'], 'customer')} on file but no revenue."
    )
    recommendation = (
        f"Activate or clean up the {t.plural(numbers['customers'], 'dormant account')} in "
        f"{t.names(countries)}."
    )
    return Finding(
        "countries_without_revenue",
        GROUP,
        headline,
        numbers,
        "sales_by_region",
        "info",
        recommendation,
    )


@finding("aov_by_region", GROUP, "sales_by_region")
def aov_by_region(ctx: Context) -> Finding:
    frame = ctx.run("sales_by_region")
    regions = frame.groupby("region", as_index=False)[["revenue", "orders"]].sum()
    regions = regions[regions["orders"] > 0].copy()
    if regions.empty:
        raise Skip("no region has orders up to the as-of date")
    regions["aov"] = regions["revenue"] / regions["orders"]
    regions = regions.sort_values(["aov", "region"], ascending=[False, True])
    overall = float(regions["revenue"].sum()) / float(regions["orders"].sum())
    high, low = regions.iloc[0], regions.iloc[-1]
    numbers = {
        "overall_aov": money(overall),
        "aov_by_region": {str(r.region): money(r.aov) for r in regions.itertuples()},
        "highest_region": str(high["region"]),
        "highest_aov": money(high["aov"]),
        "lowest_region": str(low["region"]),
        "lowest_aov": money(low["aov"]),
        "lowest_to_overall_pct": pct(100.0 * float(low["aov"]) / overall),
    }
    headline = (
        f"Average order value runs from {t.usd(numbers['lowest_aov'])} in "
        f"{numbers['lowest_region']} to {t.usd(numbers['highest_aov'])} in "
        f"{numbers['highest_region']} (overall {t.usd(numbers['overall_aov'])})."
    )
    recommendation = None
    severity = "info"
    if numbers["lowest_to_overall_pct"] < th.REGION_AOV_GAP_PCT:
        severity = "warning"
        recommendation = (
            f"Orders in {numbers['lowest_region']} are small "
            f"({t.pct(numbers['lowest_to_overall_pct'])} of the overall AOV, below "
            f"{t.pct(th.REGION_AOV_GAP_PCT)}): set minimum order sizes or bundle offers there."
        )
    return Finding(
        "aov_by_region", GROUP, headline, numbers, "sales_by_region", severity, recommendation
    )
