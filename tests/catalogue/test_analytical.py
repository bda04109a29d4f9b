"""Golden tests of the analytical layer on the canonical SQLite file.

Every expected number is computed here from the raw tables with pandas (fixture ``raw``), following
the README's definitions; none comes from the catalogue's SQL. Parity on the other engines is
test_parity.py's job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from catalogue_helpers import LATEST, Raw, execute, open_db

from classicmodels_kpi.catalogue import Catalogue
from sample_regions import SAMPLE_REGIONS


def abc_classes(revenue: pd.Series) -> pd.Series:
    """ABC by the README: ranked by revenue desc, ties by key; A while the share before < 80 %."""
    ranked = revenue.rename("revenue").reset_index()
    key = ranked.columns[0]
    ranked = ranked.sort_values(["revenue", key], ascending=[False, True])
    before = ranked["revenue"].cumsum() - ranked["revenue"]
    share = before / ranked["revenue"].sum()
    classes = np.where(share < 0.80, "A", np.where(share < 0.95, "B", "C"))
    return pd.Series(classes, index=ranked[key].to_numpy())


def assert_close(actual: pd.Series, expected: pd.Series) -> None:
    """Same keys, same values within 1e-9 relative (index and number types may differ)."""
    actual = actual.set_axis(actual.index.astype(object)).sort_index()
    expected = expected.set_axis(expected.index.astype(object)).sort_index()
    assert actual.index.tolist() == expected.index.tolist()
    np.testing.assert_allclose(actual.astype(float), expected.astype(float), rtol=1e-9)


def month_grid(frame: pd.DataFrame, key: str, keys: list[str], value: str) -> pd.DataFrame:
    """Σ value per (key, calendar month) with every month Jan 2003 … May 2005 present (zeros)."""
    months = pd.period_range("2003-01", "2005-05", freq="M")
    summed = frame.assign(month=frame["orderDate"].dt.to_period("M")).groupby([key, "month"])[value]
    index = pd.MultiIndex.from_product([keys, months], names=[key, "month"])
    return summed.sum().reindex(index, fill_value=0).rename(value).reset_index()


# -- sales_by_region -------------------------------------------------------------------------------
def test_sales_by_region_revenue_and_customers_per_country(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    frame = canonical_catalogue.run("sales_by_region").set_index("country")
    lines = raw.lines_until().merge(
        raw.customers[["customerNumber", "country_trim"]], on="customerNumber"
    )
    revenue = lines.groupby("country_trim")["line_revenue"].sum()
    customers = raw.customers.groupby("country_trim").size()
    assert len(frame) == 27 == len(customers)
    assert frame["customers"].to_dict() == customers.to_dict()
    assert_close(frame["revenue"], revenue.reindex(customers.index, fill_value=0.0))
    assert frame["orders"].sum() == lines["orderNumber"].nunique() == 320
    assert frame["active_customers"].sum() == lines["customerNumber"].nunique() == 98


def test_sales_by_region_maps_every_sample_country(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    frame = canonical_catalogue.run("sales_by_region").set_index("country")
    assert "Other" not in set(frame["region"])
    for country, region in SAMPLE_REGIONS.items():
        assert frame.loc[country, "region"] == region, country
    lines = raw.lines_until().merge(
        raw.customers[["customerNumber", "country_trim"]], on="customerNumber"
    )
    lines["region"] = lines["country_trim"].map(frame["region"])
    region_revenue = lines.groupby("region")["line_revenue"].sum()
    total = region_revenue.sum()
    per_region = frame.groupby("region").first()
    for region, value in region_revenue.items():
        assert per_region.loc[region, "region_revenue"] == pytest.approx(value, rel=1e-9)
        assert per_region.loc[region, "region_share_pct"] == pytest.approx(100 * value / total)
    assert frame.loc["USA", "region_rank"] == 1  # North America leads
    usa = lines.loc[lines["country_trim"] == "USA", "line_revenue"].sum()
    expected_usa_share = 100 * usa / region_revenue["North America"]
    assert frame.loc["USA", "share_of_region_pct"] == pytest.approx(expected_usa_share)
    top_of_region = frame[frame["rank_in_region"] == 1].groupby("region").size()
    assert (top_of_region >= 1).all()
    assert frame.loc["France", "rank_in_region"] == 1


def test_sales_by_region_unknown_country_is_other_and_matching_ignores_case(
    sqlite_copy: Callable[[Path], Path], canonical_path: Path
) -> None:
    path = sqlite_copy(canonical_path)
    execute(
        path,
        "UPDATE customers SET country = 'Atlantis' WHERE customerNumber = 103",  # France
        "UPDATE customers SET country = '  united states ' WHERE customerNumber = 112",  # USA
    )
    with open_db(path) as db:
        frame = Catalogue(db).run("sales_by_region").set_index("country")
    assert frame.loc["Atlantis", "region"] == "Other"
    assert frame.loc["united states", "region"] == "North America"


# -- ABC performance queries ---------------------------------------------------------------------
def test_product_performance_matches_pandas(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("product_performance")
    lines = raw.lines_until()
    revenue = lines.groupby("productCode")["line_revenue"].sum()
    revenue = revenue.reindex(raw.products["productCode"], fill_value=0.0)
    units = lines.groupby("productCode")["quantityOrdered"].sum()
    margin = (
        (lines["quantityOrdered"] * (lines["priceEach"] - lines["buyPrice"]))
        .groupby(lines["productCode"])
        .sum()
    )
    by_code = frame.set_index("productCode")
    assert len(frame) == 110
    assert_close(by_code["revenue"], revenue)
    assert by_code["units"].loc[units.index].tolist() == units.tolist()
    assert_close(by_code["gross_margin"].loc[margin.index], margin)
    expected_abc = abc_classes(revenue)
    assert by_code["abc_class"].to_dict() == expected_abc.to_dict()
    assert frame["abc_class"].value_counts().to_dict() == expected_abc.value_counts().to_dict()
    # never-ordered S18_3233 is listed last, class C, with revenue 0
    assert by_code.loc["S18_3233", ["revenue", "abc_class", "revenue_rank"]].tolist() == [
        0.0,
        "C",
        110,
    ]
    assert frame["revenue_rank"].tolist() == list(range(1, 111))
    assert frame["cumulative_share_pct"].iloc[-1] == pytest.approx(100.0)


def test_customer_performance_pareto_and_abc(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("customer_performance")
    revenue = raw.revenue_by_customer()
    assert len(frame) == len(revenue) == 98
    expected_abc = abc_classes(revenue)
    assert frame.set_index("customerNumber")["abc_class"].to_dict() == expected_abc.to_dict()
    counts = frame["abc_class"].value_counts().to_dict()
    assert counts == expected_abc.value_counts().to_dict()
    # Pareto: the top 20 % of customers (by count) bring this share of revenue
    ordered = revenue.sort_values(ascending=False)
    top = int(np.ceil(0.2 * len(ordered)))
    expected_top_share = 100 * ordered.iloc[:top].sum() / ordered.sum()
    row = frame.iloc[top - 1]
    assert row["customer_share_pct"] == pytest.approx(100 * top / 98)
    assert row["cumulative_share_pct"] == pytest.approx(expected_top_share)
    assert 35 < expected_top_share < 50  # "~40 %", not the original README's 70 %
    assert frame["cumulative_share_pct"].is_monotonic_increasing
    assert frame["cumulative_share_pct"].iloc[-1] == pytest.approx(100.0)
    orders = raw.order_values().groupby("customerNumber").size()
    assert frame.set_index("customerNumber")["orders"].to_dict() == orders.to_dict()


def test_salesrep_performance_matches_pandas(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("salesrep_performance").set_index("employeeNumber")
    reps = raw.employees[raw.employees["jobTitle"] == "Sales Rep"]
    lines = raw.lines_until().merge(
        raw.customers[["customerNumber", "salesRepEmployeeNumber"]], on="customerNumber"
    )
    revenue = lines.groupby("salesRepEmployeeNumber")["line_revenue"].sum()
    revenue = revenue.reindex(reps["employeeNumber"], fill_value=0.0)
    assert sorted(frame.index) == sorted(reps["employeeNumber"]) and len(frame) == 17
    assert_close(frame["revenue"], revenue)
    expected_abc = abc_classes(revenue)
    assert frame["abc_class"].to_dict() == expected_abc.to_dict()
    cities = reps.merge(raw.offices, on="officeCode").set_index("employeeNumber")["city"]
    assert frame["office_city"].to_dict() == cities.to_dict()
    customers = raw.customers.groupby("salesRepEmployeeNumber").size()
    assert frame["customers"].to_dict() == customers.reindex(frame.index, fill_value=0).to_dict()


def test_office_performance_matches_pandas(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("office_performance").set_index("officeCode")
    staff = raw.employees[["employeeNumber", "officeCode", "jobTitle"]]
    lines = (
        raw.lines_until()
        .merge(raw.customers[["customerNumber", "salesRepEmployeeNumber"]], on="customerNumber")
        .merge(staff, left_on="salesRepEmployeeNumber", right_on="employeeNumber")
    )
    revenue = lines.groupby("officeCode")["line_revenue"].sum()
    revenue = revenue.reindex(raw.offices["officeCode"], fill_value=0.0)
    assert len(frame) == 7
    assert_close(frame["revenue"], revenue)
    reps = staff[staff["jobTitle"] == "Sales Rep"].groupby("officeCode").size()
    assert frame["sales_reps"].to_dict() == reps.reindex(frame.index, fill_value=0).to_dict()
    assert frame["employees"].sum() == 23
    assert frame["revenue_share_pct"].sum() == pytest.approx(100.0)
    assert frame["revenue_rank"].idxmin() == revenue.idxmax()


# -- monthly trends -----------------------------------------------------------------------------
def test_productline_monthly_trend_fills_months_and_compares_like_months(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    frame = canonical_catalogue.run("productline_monthly_trend")
    lines = raw.lines_until()
    grid = month_grid(lines, "productLine", sorted(raw.productlines["productLine"]), "line_revenue")
    assert len(frame) == 7 * 29 == len(grid)
    assert frame["complete"].all()
    np.testing.assert_allclose(frame["revenue"], grid["line_revenue"], rtol=1e-9)
    grid["last_year"] = grid.groupby("productLine")["line_revenue"].shift(12)
    grid["previous"] = grid.groupby("productLine")["line_revenue"].shift(1)
    grid["rolling"] = grid.groupby("productLine")["line_revenue"].transform(
        lambda s: s.rolling(3).mean()
    )
    np.testing.assert_allclose(frame["revenue_last_year"], grid["last_year"], rtol=1e-9)
    np.testing.assert_allclose(frame["rolling_3m_avg"], grid["rolling"], rtol=1e-9)
    yoy = 100 * (grid["line_revenue"] - grid["last_year"]) / grid["last_year"].replace(0, np.nan)
    mom = 100 * (grid["line_revenue"] - grid["previous"]) / grid["previous"].replace(0, np.nan)
    np.testing.assert_allclose(frame["yoy_pct"], yoy, rtol=1e-9)
    np.testing.assert_allclose(frame["mom_pct"], mom, rtol=1e-9)
    # the November 2004 row: LAG 12 is November 2003
    nov = frame[(frame["productLine"] == "Classic Cars") & (frame["month"] == "2004-11-01")]
    nov_2003 = lines[
        (lines["productLine"] == "Classic Cars")
        & (lines["orderDate"].dt.strftime("%Y-%m") == "2003-11")
    ]["line_revenue"].sum()
    assert nov["revenue_last_year"].item() == pytest.approx(nov_2003)


def test_productline_monthly_trend_flags_a_partial_last_month(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    frame = canonical_catalogue.run("productline_monthly_trend", as_of="2005-05-15")
    last = frame[frame["month"] == frame["month"].max()]
    assert (last["month"] == pd.Timestamp("2005-05-01")).all()
    assert not last["complete"].any()
    assert frame[frame["month"] < "2005-05-01"]["complete"].all()
    lines = raw.lines_until(pd.Timestamp("2005-05-15"))
    may = lines[lines["orderDate"] >= "2005-05-01"]["line_revenue"].sum()
    assert last["revenue"].sum() == pytest.approx(may)


def test_product_monthly_trend_defaults_to_the_best_seller(
    canonical_catalogue: Catalogue, raw: Raw
) -> None:
    lines = raw.lines_until()
    best = lines.groupby("productCode")["line_revenue"].sum().idxmax()
    frame = canonical_catalogue.run("product_monthly_trend")
    assert set(frame["productCode"]) == {best} and len(frame) == 29
    grid = month_grid(lines[lines["productCode"] == best], "productCode", [best], "line_revenue")
    np.testing.assert_allclose(frame["revenue"], grid["line_revenue"], rtol=1e-9)
    np.testing.assert_allclose(
        frame["revenue_last_year"], grid["line_revenue"].shift(12), rtol=1e-9
    )


def test_product_monthly_trend_of_a_given_product(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("product_monthly_trend", product_code="S10_1678")
    lines = raw.lines_until()
    lines = lines[lines["productCode"] == "S10_1678"]
    grid = month_grid(lines, "productCode", ["S10_1678"], "quantityOrdered")
    assert frame["units"].tolist() == grid["quantityOrdered"].tolist()
    assert frame["orders"].sum() == lines["orderNumber"].nunique()
    assert frame["productName"].iloc[0] == "1969 Harley Davidson Ultimate Chopper"


@pytest.mark.parametrize(
    "code", ["nope", "S10_1678' OR '1'='1", "x'; DROP TABLE orders; --", "Ünï😀"]
)
def test_product_monthly_trend_unknown_or_hostile_code_is_data(
    canonical_catalogue: Catalogue, code: str
) -> None:
    assert canonical_catalogue.run("product_monthly_trend", product_code=code).empty
    assert canonical_catalogue.db.row_counts()["orders"] == 326


# -- rankings ------------------------------------------------------------------------------------
def test_top_bottom_products_by_line(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("top_bottom_products_by_line")
    revenue = raw.lines_until().groupby("productCode")["line_revenue"].sum()
    products = raw.products.assign(
        revenue=raw.products["productCode"].map(revenue).fillna(0.0)
    ).sort_values(["revenue", "productCode"], ascending=[False, True])
    for line, group in products.groupby("productLine"):
        listed = frame[frame["productLine"] == line]
        top = listed[listed["position"] == "Top"]
        bottom = listed[listed["position"] == "Bottom"]
        assert top["productCode"].tolist() == group["productCode"].head(3).tolist(), line
        rest = group["productCode"].iloc[3:]
        assert bottom["productCode"].tolist() == rest.iloc[::-1].head(3).tolist(), line
    trains = frame[frame["productLine"] == "Trains"]
    assert trains["position"].tolist() == ["Top"] * 3  # 3 products: none left for Bottom
    worst = frame[(frame["productLine"] == "Classic Cars") & (frame["position"] == "Bottom")]
    assert worst.iloc[0]["productCode"] == "S18_3233"  # never ordered
    one = canonical_catalogue.run("top_bottom_products_by_line", n=1)
    assert len(one) == 14


def test_salesrep_ranking(canonical_catalogue: Catalogue, raw: Raw) -> None:
    frame = canonical_catalogue.run("salesrep_ranking").set_index("employeeNumber")
    lines = raw.lines_until().merge(
        raw.customers[["customerNumber", "salesRepEmployeeNumber"]], on="customerNumber"
    )
    days = (LATEST - lines["orderDate"]).dt.days
    last_12m = lines[days < 365].groupby("salesRepEmployeeNumber")["line_revenue"].sum()
    prior_12m = (
        lines[(days >= 365) & (days < 730)].groupby("salesRepEmployeeNumber")["line_revenue"].sum()
    )
    total = lines.groupby("salesRepEmployeeNumber")["line_revenue"].sum()
    assert frame["rank_overall"].idxmin() == total.idxmax()
    for rep, value in last_12m.items():
        assert frame.loc[rep, "revenue_last_12m"] == pytest.approx(value, rel=1e-9)
    for rep, value in prior_12m.items():
        assert frame.loc[rep, "revenue_prior_12m"] == pytest.approx(value, rel=1e-9)
    assert frame.loc[last_12m.idxmax(), "rank_last_12m"] == 1
    assert frame.loc[total.idxmax(), "percentile"] == pytest.approx(100.0)
    best_in_office = frame.loc[frame["rank_in_office"] == 1, "officeCode"]
    assert sorted(best_in_office) == sorted(frame["officeCode"].unique())
    assert (frame["rank_change"] == frame["rank_prior_12m"] - frame["rank_last_12m"]).all()
