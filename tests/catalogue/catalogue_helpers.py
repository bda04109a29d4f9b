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
