-- title: Duplicate keys
-- question: Does any primary key appear more than once, or any order reuse a line number?
-- column check: text | duplicate_primary_key (error: the key is not unique, so every join on it double-counts), duplicate_order_line_number (warning: two lines of one order share orderLineNumber)
-- column table: text | table holding the rows
-- column key: text | the repeated key; composite keys joined with /
-- column column: text | the key column(s), joined with /
-- column value: text | how many rows share the key
-- column severity: text | error or warning
WITH findings AS (
    SELECT
        'duplicate_primary_key' AS "check",
        'offices' AS "table",
        CAST(officeCode AS VARCHAR) AS "key",
        'officeCode' AS "column",
        CAST(COUNT(*) AS VARCHAR) AS "value",
        'error' AS severity
    FROM offices GROUP BY officeCode HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key', 'employees', CAST(employeeNumber AS VARCHAR), 'employeeNumber',
        CAST(COUNT(*) AS VARCHAR), 'error'
    FROM employees GROUP BY employeeNumber HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key', 'customers', CAST(customerNumber AS VARCHAR), 'customerNumber',
        CAST(COUNT(*) AS VARCHAR), 'error'
    FROM customers GROUP BY customerNumber HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key', 'productlines', CAST(productLine AS VARCHAR), 'productLine',
        CAST(COUNT(*) AS VARCHAR), 'error'
    FROM productlines GROUP BY productLine HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key', 'products', CAST(productCode AS VARCHAR), 'productCode',
        CAST(COUNT(*) AS VARCHAR), 'error'
    FROM products GROUP BY productCode HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key', 'orders', CAST(orderNumber AS VARCHAR), 'orderNumber',
        CAST(COUNT(*) AS VARCHAR), 'error'
    FROM orders GROUP BY orderNumber HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key',
        'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'orderNumber/productCode',
        CAST(COUNT(*) AS VARCHAR),
        'error'
    FROM orderdetails GROUP BY orderNumber, productCode HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_primary_key',
        'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'customerNumber/checkNumber',
        CAST(COUNT(*) AS VARCHAR),
        'error'
    FROM payments GROUP BY customerNumber, checkNumber HAVING COUNT(*) > 1
    UNION ALL
    SELECT
        'duplicate_order_line_number',
        'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(orderLineNumber AS VARCHAR),
        'orderNumber/orderLineNumber',
        CAST(COUNT(*) AS VARCHAR),
        'warning'
    FROM orderdetails GROUP BY orderNumber, orderLineNumber HAVING COUNT(*) > 1
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY
    CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
    "check", "table", "key"
