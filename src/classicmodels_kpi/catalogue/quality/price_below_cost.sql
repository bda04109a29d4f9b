-- title: Sold below cost
-- question: Which order lines were priced below the product's buy price?
-- column check: text | price_below_cost (warning: priceEach < products.buyPrice, the line loses money)
-- column table: text | orderdetails
-- column key: text | orderNumber/productCode of the line
-- column column: text | priceEach
-- column value: text | 'priceEach < buyPrice', USD with two decimals
-- column severity: text | warning
-- Amounts are printed from whole cents so that every engine writes them alike.
WITH below_cost AS (
    SELECT
        d.orderNumber,
        d.productCode,
        CAST(ROUND(d.priceEach * 100) AS INTEGER) AS price_cents,
        CAST(ROUND(p.buyPrice * 100) AS INTEGER) AS cost_cents
    FROM orderdetails AS d
    JOIN products AS p ON p.productCode = d.productCode
    WHERE d.priceEach < p.buyPrice
)
SELECT
    'price_below_cost' AS "check",
    'orderdetails' AS "table",
    CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR) AS "key",
    'priceEach' AS "column",
    CAST(CAST((price_cents - price_cents % 100) / 100 AS INTEGER) AS VARCHAR) || '.'
        || CASE WHEN price_cents % 100 < 10 THEN '0' ELSE '' END
        || CAST(price_cents % 100 AS VARCHAR)
        || ' < '
        || CAST(CAST((cost_cents - cost_cents % 100) / 100 AS INTEGER) AS VARCHAR) || '.'
        || CASE WHEN cost_cents % 100 < 10 THEN '0' ELSE '' END
        || CAST(cost_cents % 100 AS VARCHAR) AS "value",
    'warning' AS severity
FROM below_cost
ORDER BY orderNumber, productCode
