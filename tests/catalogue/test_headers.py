"""Every catalogue file says what it is: title, question, parameters with defaults, columns with
types and units; it returns the columns it declares, in a fixed order, never by the clock."""

from __future__ import annotations

import re

import pytest

from classicmodels_kpi.catalogue import LAYERS, ROOT, parse_query_file, queries

FILES = sorted(p for layer in LAYERS for p in (ROOT / layer).glob("*.sql"))
ISSUE_NAMES = {
    "descriptive": {
        "table_row_counts", "business_overview", "customer_credit_profile", "sales_by_country",
        "sales_by_productline", "customers_without_rep", "rep_workload", "customer_rep_directory",
        "order_size", "monthly_sales", "payments_summary",
    },
    "quality": {
        "null_checks", "duplicate_keys", "orphan_order_lines", "orphan_customers_rep",
        "orphan_employee_manager", "orphan_payments", "invalid_dates", "date_sequence_violations",
        "untrimmed_text", "non_positive_values", "price_below_cost", "price_vs_msrp_outliers",
    },
    "diagnostic": {
        "geographic_credit_anomalies", "credit_limit_outliers", "credit_sales_misalignment",
        "high_risk_customers", "on_time_delivery", "order_status_exceptions",
        "outstanding_balance_risk",
    },
    "structural": {
        "employee_hierarchy", "employee_manager_map", "office_structure", "sales_coverage_map",
        "territory_coverage_gaps",
    },
}  # fmt: skip
WALL_CLOCK = re.compile(
    r"\b(current_date|current_timestamp|now\s*\(|today\s*\(|localtimestamp|getdate)|'now'", re.I
)


def test_the_issue_names_are_all_there() -> None:
    for layer, names in ISSUE_NAMES.items():
        have = {name for name, q in queries().items() if q.layer == layer}
        assert names <= have, f"{layer} lacks {sorted(names - have)}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_header_is_complete(path) -> None:
    q = parse_query_file(path)
    assert q.title and q.question.endswith("?"), path
    assert q.columns, path
    assert len({c.name for c in q.columns}) == len(q.columns), "a column is declared twice"
    for c in q.columns:
        assert c.doc, f"{path.name}: column {c.name} has no description/unit"
    for p in q.params:
        assert p.doc, f"{path.name}: parameter {p.name} has no description"
        if p.type == "date":
            assert p.default is not None, f"{path.name}: date parameter {p.name} needs a default"
    if q.layer == "quality":
        assert [c.name for c in q.columns] == [
            "check",
            "table",
            "key",
            "column",
            "value",
            "severity",
        ]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_wall_clock_and_a_fixed_order(path, canonical_result) -> None:
    import sqlglot

    q = parse_query_file(path)
    if q.python:
        return
    assert not WALL_CLOCK.search(q.sql), f"{path.name} reads the clock: use the as_of parameter"
    tree = sqlglot.parse_one(q.sql, read="duckdb")
    if tree.args.get("order") is None:  # only a one-row answer may go without ORDER BY
        assert len(canonical_result(q.name)) <= 1, f"{path.name} needs an ORDER BY"


def test_time_dependent_queries_take_as_of() -> None:
    """A query that reads order or payment dates lets the caller say 'as of when'."""
    for name, q in queries().items():
        if q.python or q.layer == "quality":
            continue
        reads_time = re.search(r"\b(orderDate|paymentDate|shippedDate)\b", q.sql)
        if reads_time:
            assert {p.name for p in q.params} & {"as_of", "start", "end"}, name


@pytest.mark.parametrize("name", list(queries()))
def test_declared_columns_are_the_returned_columns(canonical_result, name) -> None:
    frame = canonical_result(name)
    assert list(frame.columns) == [c.name for c in queries()[name].columns]


def test_every_query_and_option_is_documented() -> None:
    """The README section names every query and every option of the catalogue commands."""
    readme = (ROOT.parents[2] / "docs" / "readme" / "catalogue.md").read_text(encoding="utf-8")
    for name in queries():
        assert f"`{name}`" in readme, f"{name} is missing from docs/readme/catalogue.md"
    for option in ("--db", "--param", "--format", "--output", "--sql", "--dialect", "--layer"):
        assert option in readme, option
