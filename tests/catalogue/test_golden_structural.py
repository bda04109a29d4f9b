"""Structural queries against the org chart and coverage worked out in pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from catalogue_helpers import Raw

from classicmodels_kpi.catalogue import Catalogue


def name_of(raw: Raw) -> dict[int, str]:
    e = raw.employees
    return dict(zip(e["employeeNumber"], e["lastName"] + ", " + e["firstName"], strict=True))


def chain(raw: Raw, employee: int) -> list[int]:
    """The employee's managers from the top down to the employee, by walking reportsTo."""
    boss = dict(zip(raw.employees["employeeNumber"], raw.employees["reportsTo"], strict=True))
    path = [employee]
    while not pd.isna(boss[path[-1]]):
        path.append(int(boss[path[-1]]))
    return path[::-1]


def test_employee_hierarchy_whole_tree(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("employee_hierarchy")
    names = name_of(raw)
    assert sorted(got["employeeNumber"]) == sorted(raw.employees["employeeNumber"])
    for row in got.itertuples():
        walk = chain(raw, row.employeeNumber)
        assert row.level == len(walk)
        assert row.path == " > ".join(names[n] for n in walk)
    reports = raw.employees["reportsTo"].value_counts()
    expected = {n: int(reports.get(n, 0)) for n in raw.employees["employeeNumber"]}
    assert dict(zip(got["employeeNumber"], got["direct_reports"], strict=True)) == expected
    assert got["level"].value_counts().sort_index().to_dict() == {1: 1, 2: 2, 3: 4, 4: 16}
    assert got.iloc[0]["employeeNumber"] == 1002  # the President first, depth-first below
    # depth-first: everyone comes after their manager
    position = {n: i for i, n in enumerate(got["employeeNumber"])}
    for row in got.dropna(subset=["reportsTo"]).itertuples():
        assert position[int(row.reportsTo)] < position[row.employeeNumber]


@pytest.mark.parametrize("employee", [1166, 1002, 1625])
def test_employee_hierarchy_one_chain(
    canonical_catalogue: Catalogue, raw: Raw, employee: int
) -> None:
    got = canonical_catalogue.run("employee_hierarchy", employee_number=employee)
    assert got["employeeNumber"].tolist() == chain(raw, employee)
    assert got["level"].tolist() == list(range(1, len(got) + 1))


def test_employee_hierarchy_unknown_employee_is_empty(canonical_catalogue: Catalogue) -> None:
    assert canonical_catalogue.run("employee_hierarchy", employee_number=4242).empty


def test_employee_manager_map(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("employee_manager_map")
    e = raw.employees.set_index("employeeNumber")
    names = name_of(raw)
    assert got["employeeNumber"].tolist() == sorted(e.index)
    for row in got.itertuples():
        boss = e.loc[row.employeeNumber, "reportsTo"]
        if pd.isna(boss):
            assert row.manager_name is None and pd.isna(row.same_office)
            continue
        assert row.manager_name == names[int(boss)]
        assert row.same_office == (
            e.loc[int(boss), "officeCode"] == e.loc[row.employeeNumber, "officeCode"]
        )
    assert got["same_office"].sum() == 13


def test_office_structure(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("office_structure").set_index("officeCode")
    e = raw.employees
    assert sorted(got.index) == sorted(raw.offices["officeCode"])
    assert got["employees"].to_dict() == e.groupby("officeCode").size().to_dict()
    reps = e[e["jobTitle"] == "Sales Rep"].groupby("officeCode").size()
    assert got["sales_reps"].to_dict() == reps.reindex(got.index, fill_value=0).to_dict()
    managers = e[e["employeeNumber"].isin(e["reportsTo"])].groupby("officeCode").size()
    assert got["managers"].to_dict() == managers.reindex(got.index, fill_value=0).to_dict()
    served = raw.customers.merge(e, left_on="salesRepEmployeeNumber", right_on="employeeNumber")
    assert got["customers"].to_dict() == served.groupby("officeCode").size().to_dict()
    assert got["customers"].sum() == 100  # 122 customers, 22 without a rep
    countries = served.groupby("officeCode")["country_trim"].nunique()
    assert got["customer_countries"].to_dict() == countries.to_dict()


def test_sales_coverage_map(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("sales_coverage_map")
    served = raw.customers.merge(
        raw.employees[["employeeNumber", "officeCode"]],
        left_on="salesRepEmployeeNumber",
        right_on="employeeNumber",
        how="left",
    )
    revenue = raw.revenue_by_customer()
    served["revenue"] = served["customerNumber"].map(revenue).fillna(0)
    served["officeCode"] = served["officeCode"].fillna("(none)")
    expect = served.groupby(["country_trim", "officeCode"]).agg(
        customers=("customerNumber", "count"), revenue=("revenue", "sum")
    )
    got_key = got.assign(officeCode=got["officeCode"].fillna("(none)")).set_index(
        ["country", "officeCode"]
    )
    assert sorted(got_key.index) == sorted(expect.index)
    assert got_key["customers"].to_dict() == expect["customers"].to_dict()
    for key, value in expect["revenue"].items():
        assert got_key.loc[key, "revenue"] == pytest.approx(value, abs=0.005)
    assert got["customers"].sum() == 122
    domestic = got.dropna(subset=["is_domestic"])
    assert domestic[domestic["is_domestic"]]["country"].unique().tolist() == [
        "Australia", "France", "Japan", "UK", "USA",
    ]  # fmt: skip


def test_territory_coverage_gaps(canonical_catalogue: Catalogue, raw: Raw) -> None:
    got = canonical_catalogue.run("territory_coverage_gaps")
    revenue = raw.lines_until().merge(raw.customers[["customerNumber", "country_trim"]])
    per_country = revenue.groupby("country_trim")["line_revenue"].sum()
    offices = set(raw.offices["country"].str.strip())
    gaps = per_country[(per_country > 0) & ~per_country.index.isin(offices)]
    assert sorted(got["country"]) == sorted(gaps.index)
    assert len(got) == 16
    assert got.iloc[0]["country"] == "Spain"
    share = 100 * gaps / per_country.sum()
    for row in got.itertuples():
        assert row.revenue == pytest.approx(gaps[row.country], abs=0.005)
        assert row.revenue_share_pct == pytest.approx(share[row.country], rel=1e-9)
