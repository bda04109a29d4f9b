"""The ClassicModels schema: the single description used to create databases and to check them.

Column names keep the canonical camelCase spelling. Real databases may hold them folded to lower
case (PostgreSQL, unquoted DDL) or quoted camelCase (pandas ``to_sql``); the connection layer
matches names case-insensitively against this description.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

offices = Table(
    "offices",
    metadata,
    Column("officeCode", String(10), nullable=False),
    Column("city", String(50), nullable=False),
    Column("phone", String(50), nullable=False),
    Column("addressLine1", String(50), nullable=False),
    Column("addressLine2", String(50)),
    Column("state", String(50)),
    Column("country", String(50), nullable=False),
    Column("postalCode", String(15), nullable=False),
    Column("territory", String(10), nullable=False),
    PrimaryKeyConstraint("officeCode"),
)

employees = Table(
    "employees",
    metadata,
    Column("employeeNumber", Integer, nullable=False, autoincrement=False),
    Column("lastName", String(50), nullable=False),
    Column("firstName", String(50), nullable=False),
    Column("extension", String(10), nullable=False),
    Column("email", String(100), nullable=False),
    Column("officeCode", String(10), nullable=False),
    Column("reportsTo", Integer),
    Column("jobTitle", String(50), nullable=False),
    PrimaryKeyConstraint("employeeNumber"),
    ForeignKeyConstraint(["reportsTo"], ["employees.employeeNumber"]),
    ForeignKeyConstraint(["officeCode"], ["offices.officeCode"]),
)

customers = Table(
    "customers",
    metadata,
    Column("customerNumber", Integer, nullable=False, autoincrement=False),
    Column("customerName", String(50), nullable=False),
    Column("contactLastName", String(50), nullable=False),
    Column("contactFirstName", String(50), nullable=False),
    Column("phone", String(50), nullable=False),
    Column("addressLine1", String(50), nullable=False),
    Column("addressLine2", String(50)),
    Column("city", String(50), nullable=False),
    Column("state", String(50)),
    Column("postalCode", String(15)),
    Column("country", String(50), nullable=False),
    Column("salesRepEmployeeNumber", Integer),
    Column("creditLimit", Numeric(10, 2)),
    PrimaryKeyConstraint("customerNumber"),
    ForeignKeyConstraint(["salesRepEmployeeNumber"], ["employees.employeeNumber"]),
)

productlines = Table(
    "productlines",
    metadata,
    Column("productLine", String(50), nullable=False),
    Column("textDescription", String(4000)),
    Column("htmlDescription", Text),
    Column("image", LargeBinary),
    PrimaryKeyConstraint("productLine"),
)

products = Table(
    "products",
    metadata,
    Column("productCode", String(15), nullable=False),
    Column("productName", String(70), nullable=False),
    Column("productLine", String(50), nullable=False),
    Column("productScale", String(10), nullable=False),
    Column("productVendor", String(50), nullable=False),
    Column("productDescription", Text, nullable=False),
    Column("quantityInStock", SmallInteger, nullable=False),
    Column("buyPrice", Numeric(10, 2), nullable=False),
    Column("MSRP", Numeric(10, 2), nullable=False),
    PrimaryKeyConstraint("productCode"),
    ForeignKeyConstraint(["productLine"], ["productlines.productLine"]),
)

orders = Table(
    "orders",
    metadata,
    Column("orderNumber", Integer, nullable=False, autoincrement=False),
    Column("orderDate", Date, nullable=False),
    Column("requiredDate", Date, nullable=False),
    Column("shippedDate", Date),
    Column("status", String(15), nullable=False),
    Column("comments", Text),
    Column("customerNumber", Integer, nullable=False),
    PrimaryKeyConstraint("orderNumber"),
    ForeignKeyConstraint(["customerNumber"], ["customers.customerNumber"]),
)

orderdetails = Table(
    "orderdetails",
    metadata,
    Column("orderNumber", Integer, nullable=False, autoincrement=False),
    Column("productCode", String(15), nullable=False),
    Column("quantityOrdered", Integer, nullable=False),
    Column("priceEach", Numeric(10, 2), nullable=False),
    Column("orderLineNumber", SmallInteger, nullable=False),
    PrimaryKeyConstraint("orderNumber", "productCode"),
    ForeignKeyConstraint(["orderNumber"], ["orders.orderNumber"]),
    ForeignKeyConstraint(["productCode"], ["products.productCode"]),
)

payments = Table(
    "payments",
    metadata,
    Column("customerNumber", Integer, nullable=False, autoincrement=False),
    Column("checkNumber", String(50), nullable=False),
    Column("paymentDate", Date, nullable=False),
    Column("amount", Numeric(10, 2), nullable=False),
    PrimaryKeyConstraint("customerNumber", "checkNumber"),
    ForeignKeyConstraint(["customerNumber"], ["customers.customerNumber"]),
)

#: Tables in an order that satisfies foreign keys when loading.
TABLE_ORDER: tuple[str, ...] = (
    "offices",
    "employees",
    "customers",
    "productlines",
    "products",
    "orders",
    "orderdetails",
    "payments",
)

#: Canonical column names per table, in declaration order.
COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in metadata.tables[name].columns) for name in TABLE_ORDER
}

#: Date columns, which need checking as real calendar dates and parsing on SQLite.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "orders": ("orderDate", "requiredDate", "shippedDate"),
    "payments": ("paymentDate",),
}


def metadata_without_foreign_keys() -> MetaData:
    """The same tables with no foreign keys: DuckDB checks a self-reference (employees.reportsTo)
    row by row inside one INSERT and rejects a valid tree, so DuckDB targets go without them."""
    plain = MetaData()
    for table in metadata.sorted_tables:
        cols = [Column(c.name, c.type, nullable=c.nullable, autoincrement=False) for c in table.c]
        Table(table.name, plain, *cols, PrimaryKeyConstraint(*table.primary_key.columns.keys()))
    return plain
