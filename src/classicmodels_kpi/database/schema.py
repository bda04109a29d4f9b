"""The ClassicModels schema: the single description used to create databases and to check them.

Column names keep the canonical camelCase spelling. Real databases may hold them folded to lower
case (PostgreSQL, unquoted DDL) or quoted camelCase (pandas ``to_sql``); the connection layer
matches names case-insensitively against this description.

Plain data, no SQLAlchemy: reading a database needs only the names, and importing SQLAlchemy
costs a command about 0.3 s. :mod:`.tables` builds the SQLAlchemy tables from this description
for the code that creates databases.
"""

from __future__ import annotations

#: Each table's columns, in declaration order, as ``name type [not null]``. Types: int,
#: smallint, varchar(n), text, blob, decimal(p,s), date.
TABLES: dict[str, tuple[str, ...]] = {
    "offices": (
        "officeCode varchar(10) not null",
        "city varchar(50) not null",
        "phone varchar(50) not null",
        "addressLine1 varchar(50) not null",
        "addressLine2 varchar(50)",
        "state varchar(50)",
        "country varchar(50) not null",
        "postalCode varchar(15) not null",
        "territory varchar(10) not null",
    ),
    "employees": (
        "employeeNumber int not null",
        "lastName varchar(50) not null",
        "firstName varchar(50) not null",
        "extension varchar(10) not null",
        "email varchar(100) not null",
        "officeCode varchar(10) not null",
        "reportsTo int",
        "jobTitle varchar(50) not null",
    ),
    "customers": (
        "customerNumber int not null",
        "customerName varchar(50) not null",
        "contactLastName varchar(50) not null",
        "contactFirstName varchar(50) not null",
        "phone varchar(50) not null",
        "addressLine1 varchar(50) not null",
        "addressLine2 varchar(50)",
        "city varchar(50) not null",
        "state varchar(50)",
        "postalCode varchar(15)",
        "country varchar(50) not null",
        "salesRepEmployeeNumber int",
        "creditLimit decimal(10,2)",
    ),
    "productlines": (
        "productLine varchar(50) not null",
        "textDescription varchar(4000)",
        "htmlDescription text",
        "image blob",
    ),
    "products": (
        "productCode varchar(15) not null",
        "productName varchar(70) not null",
        "productLine varchar(50) not null",
        "productScale varchar(10) not null",
        "productVendor varchar(50) not null",
        "productDescription text not null",
        "quantityInStock smallint not null",
        "buyPrice decimal(10,2) not null",
        "MSRP decimal(10,2) not null",
    ),
    "orders": (
        "orderNumber int not null",
        "orderDate date not null",
        "requiredDate date not null",
        "shippedDate date",
        "status varchar(15) not null",
        "comments text",
        "customerNumber int not null",
    ),
    "orderdetails": (
        "orderNumber int not null",
        "productCode varchar(15) not null",
        "quantityOrdered int not null",
        "priceEach decimal(10,2) not null",
        "orderLineNumber smallint not null",
    ),
    "payments": (
        "customerNumber int not null",
        "checkNumber varchar(50) not null",
        "paymentDate date not null",
        "amount decimal(10,2) not null",
    ),
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "offices": ("officeCode",),
    "employees": ("employeeNumber",),
    "customers": ("customerNumber",),
    "productlines": ("productLine",),
    "products": ("productCode",),
    "orders": ("orderNumber",),
    "orderdetails": ("orderNumber", "productCode"),
    "payments": ("customerNumber", "checkNumber"),
}

#: Each table's foreign keys as (column, "table.column" it refers to).
FOREIGN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "employees": (
        ("reportsTo", "employees.employeeNumber"),
        ("officeCode", "offices.officeCode"),
    ),
    "customers": (("salesRepEmployeeNumber", "employees.employeeNumber"),),
    "products": (("productLine", "productlines.productLine"),),
    "orders": (("customerNumber", "customers.customerNumber"),),
    "orderdetails": (
        ("orderNumber", "orders.orderNumber"),
        ("productCode", "products.productCode"),
    ),
    "payments": (("customerNumber", "customers.customerNumber"),),
}

#: Tables in an order that satisfies foreign keys when loading.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

#: Canonical column names per table, in declaration order.
COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(line.split()[0] for line in lines) for table, lines in TABLES.items()
}

#: Date columns, which need checking as real calendar dates and parsing on SQLite.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(line.split()[0] for line in lines if line.split()[1] == "date")
    for table, lines in TABLES.items()
    if any(line.split()[1] == "date" for line in lines)
}
