-- title: Orphan order lines and products
-- question: Which order lines point to an order or a product that does not exist, and which products to an unknown product line?
-- column check: text | line_without_order (error: orderdetails.orderNumber not in orders), line_without_product (error: orderdetails.productCode not in products), product_line_unknown (error: products.productLine not in productlines)
-- column table: text | orderdetails or products
-- column key: text | orderNumber/productCode of the line, or productCode
-- column column: text | the dangling column
-- column value: text | the value that matches nothing
-- column severity: text | error
WITH findings AS (
    SELECT
        'line_without_order' AS "check",
        'orderdetails' AS "table",
        CAST(d.orderNumber AS VARCHAR) || '/' || CAST(d.productCode AS VARCHAR) AS "key",
        'orderNumber' AS "column",
        CAST(d.orderNumber AS VARCHAR) AS "value",
        'error' AS severity
    FROM orderdetails AS d
    WHERE NOT EXISTS (SELECT 1 FROM orders AS o WHERE o.orderNumber = d.orderNumber)
    UNION ALL
    SELECT
        'line_without_product',
        'orderdetails',
        CAST(d.orderNumber AS VARCHAR) || '/' || CAST(d.productCode AS VARCHAR),
        'productCode',
        CAST(d.productCode AS VARCHAR),
        'error'
    FROM orderdetails AS d
    WHERE NOT EXISTS (SELECT 1 FROM products AS p WHERE p.productCode = d.productCode)
    UNION ALL
    SELECT
        'product_line_unknown',
        'products',
        CAST(p.productCode AS VARCHAR),
        'productLine',
        CAST(p.productLine AS VARCHAR),
        'error'
    FROM products AS p
    WHERE NOT EXISTS (SELECT 1 FROM productlines AS l WHERE l.productLine = p.productLine)
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY "check", "key"
