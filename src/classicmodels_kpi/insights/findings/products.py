"""Products: how concentrated sales are, the product-line mix, and what sells together."""

from __future__ import annotations

from classicmodels_kpi.insights import text as t
from classicmodels_kpi.insights import thresholds as th
from classicmodels_kpi.insights.model import Context, Finding, Skip, money, pct
from classicmodels_kpi.insights.registry import finding

GROUP = "products"


@finding("top10_products_share", GROUP, "product_performance")
def top10_products_share(ctx: Context) -> Finding:
    frame = ctx.run("product_performance")
    sold = frame[frame["revenue"] > 0].sort_values("revenue_rank")
    if sold.empty:
        raise Skip("no product has revenue up to the as-of date")
    top = sold.head(10)
    share = pct(top["revenue_share_pct"].sum())
    abc = sold["abc_class"].value_counts()
    numbers = {
        "top_n": 10,
        "products_sold": len(sold),
        "products_unsold": int((frame["revenue"] <= 0).sum()),
        "top10_revenue": money(top["revenue"].sum()),
        "top10_share_pct": share,
        "best_seller": str(top["productName"].iloc[0]),
        "best_seller_share_pct": pct(top["revenue_share_pct"].iloc[0]),
        "class_a_products": int(abc.get("A", 0)),
        "class_a_cutoff_pct": 80,
    }
    headline = (
        f"The 10 best-selling products bring {t.pct(share)} of revenue "
        f"({t.usd(numbers['top10_revenue'])}); {t.plural(numbers['class_a_products'], 'product')} "
        f"of {t.count(len(sold))} sold make up the first {numbers['class_a_cutoff_pct']} % "
        "(class A)."
    )
    severity, recommendation = "info", None
    if share is not None and share >= th.TOP10_PRODUCTS_SHARE_WARN_PCT:
        severity = "warning"
        recommendation = (
            f"Ten products carry {t.pct(share)} of revenue (above "
            f"{t.pct(th.TOP10_PRODUCTS_SHARE_WARN_PCT)}): secure their stock and suppliers "
            "first."
        )
    elif numbers["products_unsold"]:
        recommendation = (
            f"Sales are spread widely (top 10: {t.pct(share)}); review "
            f"{t.the(numbers['products_unsold'], 'product')} that never sold for delisting."
        )
    return Finding(
        "top10_products_share",
        GROUP,
        headline,
        numbers,
        "product_performance",
        severity,
        recommendation,
    )


@finding("productline_mix", GROUP, "sales_by_productline")
def productline_mix(ctx: Context) -> Finding:
    frame = ctx.run("sales_by_productline")
    lines = frame[frame["revenue"] > 0].sort_values(
        ["revenue", "productLine"], ascending=[False, True]
    )
    if lines.empty:
        raise Skip("no product line has revenue up to the as-of date")
    overall_margin = pct(100.0 * float(lines["gross_margin"].sum()) / float(lines["revenue"].sum()))
    lead = lines.iloc[0]
    thin = lines.sort_values(["gross_margin_pct", "productLine"]).iloc[0]
    numbers = {
        "mix_pct": {str(r.productLine): pct(r.revenue_share_pct) for r in lines.itertuples()},
        "leading_line": str(lead["productLine"]),
        "leading_share_pct": pct(lead["revenue_share_pct"]),
        "overall_margin_pct": overall_margin,
        "thinnest_margin_line": str(thin["productLine"]),
        "thinnest_margin_pct": pct(thin["gross_margin_pct"]),
        "lines_with_revenue": len(lines),
    }
    headline = (
        f"{numbers['leading_line']} lead the product-line mix with "
        f"{t.pct(numbers['leading_share_pct'])} of revenue; margins average "
        f"{t.pct(overall_margin)}, thinnest in {numbers['thinnest_margin_line']} "
        f"({t.pct(numbers['thinnest_margin_pct'])})."
    )
    advice: list[str] = []
    severity = "info"
    if numbers["leading_share_pct"] >= th.PRODUCTLINE_DOMINANT_PCT:
        severity = "warning"
        advice.append(
            f"{numbers['leading_line']} carry {t.pct(numbers['leading_share_pct'])} of revenue "
            f"(above {t.pct(th.PRODUCTLINE_DOMINANT_PCT)}): grow the next lines to reduce the "
            "dependence on one."
        )
    gap = overall_margin - numbers["thinnest_margin_pct"]
    if gap >= th.PRODUCTLINE_MARGIN_GAP_PP:
        advice.append(
            f"Review prices or costs of {numbers['thinnest_margin_line']}: its margin is "
            f"{t.pp(gap)} below the average."
        )
        numbers["thinnest_margin_gap_pp"] = pct(gap)
    return Finding(
        "productline_mix",
        GROUP,
        headline,
        numbers,
        "sales_by_productline",
        severity,
        " ".join(advice) or None,
    )


@finding("cross_sell_pairs", GROUP, "cross_sell_pairs")
def cross_sell_pairs(ctx: Context) -> Finding:
    frame = ctx.run("cross_sell_pairs")
    if frame.empty:
        raise Skip("no two products share enough orders to form a cross-sell pair")
    frame = frame.sort_values(["lift", "pair_orders"], ascending=[False, False])
    top = frame.head(3)
    pairs = [
        {
            "a": str(r.product_a_name),
            "b": str(r.product_b_name),
            "lift": round(float(r.lift), 2),
            "orders_together": int(r.pair_orders),
            "confidence_a_to_b_pct": pct(r.confidence_a_to_b_pct),
        }
        for r in top.itertuples()
    ]
    best = pairs[0]
    numbers = {"pairs": len(frame), "strongest": pairs}
    headline = (
        f"The strongest cross-sell pair is {best['a']} with {best['b']}: bought together in "
        f"{t.plural(best['orders_together'], 'order')}, lift {t.ratio(best['lift'])} "
        f"({t.count(len(frame))} pairs qualify)."
    )
    recommendation = None
    good = [p for p in pairs if p["lift"] >= th.CROSS_SELL_MIN_LIFT]
    if good:
        recommendation = (
            "Bundle or recommend together: "
            + "; ".join(f"{p['a']} + {p['b']} (lift {t.ratio(p['lift'])})" for p in good)
            + "."
        )
    return Finding(
        "cross_sell_pairs", GROUP, headline, numbers, "cross_sell_pairs", "info", recommendation
    )
