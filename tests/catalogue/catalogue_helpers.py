"""Helpers shared by the catalogue tests (a module of its own name: conftest names collide)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from classicmodels_kpi.database import Database, connect, parse_db

#: The canonical data's latest orderDate: the default as_of.
LATEST = pd.Timestamp("2005-05-31")


def execute(path: Path, *statements: str) -> None:
    """Write to a test's own copy (never to the shared data)."""
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)


def open_db(path: Path) -> Database:
    return connect(parse_db(str(path)))


# -- the raw canonical tables, in pandas --------------------------------------------------------
@dataclass(frozen=True)
class Raw:
    """The canonical tables with the catalogue's definitions applied by hand, in pandas."""

    customers: pd.DataFrame  # + country_trim
    employees: pd.DataFrame
    offices: pd.DataFrame
    products: pd.DataFrame
    productlines: pd.DataFrame
    orders: pd.DataFrame  # dates parsed
    payments: pd.DataFrame  # paymentDate parsed
    lines: pd.DataFrame  # orderdetails + order columns + line_revenue + buyPrice + productLine

    def lines_until(self, as_of: pd.Timestamp = LATEST, *, counted: bool = True) -> pd.DataFrame:
        """Order lines of orders dated up to as_of; counted = status is not 'Cancelled'."""
        keep = self.lines["orderDate"] <= as_of
        if counted:
            keep &= self.lines["status"] != "Cancelled"
        return self.lines[keep]

    def order_values(self, as_of: pd.Timestamp = LATEST) -> pd.DataFrame:
        """One row per counted order: orderNumber, customerNumber, orderDate, value."""
        lines = self.lines_until(as_of)
        return (
            lines.groupby(["orderNumber", "customerNumber", "orderDate"], as_index=False)[
                "line_revenue"
            ]
            .sum()
            .rename(columns={"line_revenue": "value"})
        )

    def revenue_by_customer(self, as_of: pd.Timestamp = LATEST) -> pd.Series:
        return self.lines_until(as_of).groupby("customerNumber")["line_revenue"].sum()

    def paid_by_customer(self, as_of: pd.Timestamp = LATEST) -> pd.Series:
        paid = self.payments[self.payments["paymentDate"] <= as_of]
        return paid.groupby("customerNumber")["amount"].sum()


def assert_same(expected: pd.DataFrame, actual: pd.DataFrame, where: str) -> None:
    assert list(actual.columns) == list(expected.columns), where
    assert len(actual) == len(expected), f"{where}: {len(actual)} rows, expected {len(expected)}"
    for col in expected.columns:
        e = expected[col].reset_index(drop=True)
        a = actual[col].reset_index(drop=True)
        label = f"{where}, column {col}"
        if pd.api.types.is_datetime64_any_dtype(e):
            assert pd.api.types.is_datetime64_any_dtype(a), label
            assert e.isna().tolist() == a.isna().tolist(), label
            assert (e.dropna() == a.dropna()).all(), label
        elif pd.api.types.is_numeric_dtype(e) and not pd.api.types.is_bool_dtype(e):
            assert pd.api.types.is_numeric_dtype(a), label
            ef = e.astype("float64")
            af = a.astype("float64")
            assert ef.isna().tolist() == af.isna().tolist(), f"{label}: missing values differ"
            pd.testing.assert_series_equal(
                af.dropna(), ef.dropna(), rtol=1e-9, atol=0.0, check_names=False, obj=label
            )
        else:
            assert [None if pd.isna(v) else v for v in a] == [
                None if pd.isna(v) else v for v in e
            ], label
