-- title: Zero or negative amounts
-- question: Which quantities, prices or amounts are zero or negative, and which credit limits or stock levels are negative?
-- column check: text | non_positive_quantity, non_positive_price, non_positive_buy_price, non_positive_msrp, non_positive_payment (error: ≤ 0), negative_credit_limit (error: < 0), negative_stock (warning: quantityInStock < 0)
-- column table: text | table holding the row
-- column key: text | primary key of the row; composite keys joined with /
-- column column: text | the column
-- column value: text | the value as stored
-- column severity: text | error or warning
WITH findings AS (
    SELECT
        'non_positive_quantity' AS "check",
        'orderdetails' AS "table",
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR) AS "key",
        'quantityOrdered' AS "column",
        CAST(quantityOrdered AS VARCHAR) AS "value",
        'error' AS severity
    FROM orderdetails WHERE quantityOrdered <= 0
    UNION ALL
    SELECT
        'non_positive_price',
        'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'priceEach',
        CAST(priceEach AS VARCHAR),
        'error'
    FROM orderdetails WHERE priceEach <= 0
    UNION ALL
    SELECT
        'non_positive_buy_price', 'products', CAST(productCode AS VARCHAR), 'buyPrice',
        CAST(buyPrice AS VARCHAR), 'error'
    FROM products WHERE buyPrice <= 0
    UNION ALL
    SELECT
        'non_positive_msrp', 'products', CAST(productCode AS VARCHAR), 'MSRP',
        CAST(MSRP AS VARCHAR), 'error'
    FROM products WHERE MSRP <= 0
    UNION ALL
    SELECT
        'non_positive_payment',
        'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'amount',
        CAST(amount AS VARCHAR),
        'error'
    FROM payments WHERE amount <= 0
    UNION ALL
    SELECT
        'negative_credit_limit', 'customers', CAST(customerNumber AS VARCHAR), 'creditLimit',
        CAST(creditLimit AS VARCHAR), 'error'
    FROM customers WHERE creditLimit < 0
    UNION ALL
    SELECT
        'negative_stock', 'products', CAST(productCode AS VARCHAR), 'quantityInStock',
        CAST(quantityInStock AS VARCHAR), 'warning'
    FROM products WHERE quantityInStock < 0
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY
    CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
    "check", "table", "key"
