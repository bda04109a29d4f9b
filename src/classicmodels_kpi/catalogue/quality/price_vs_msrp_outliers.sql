-- title: Prices far from list price
-- question: Which order lines were priced far below, or above, the product's MSRP?
-- param min_ratio: float = 0.7 range 0.. | a line priced under this share of MSRP is flagged (0.7 = more than 30 % off)
-- param max_ratio: float = 1.0 range 0.. | a line priced over this share of MSRP is flagged (1.0 = above list price)
-- column check: text | deep_discount (warning: priceEach / MSRP < min_ratio), above_msrp (warning: priceEach / MSRP > max_ratio)
-- column table: text | orderdetails
-- column key: text | orderNumber/productCode of the line
-- column column: text | priceEach
-- column value: text | priceEach as a percentage of MSRP, two decimals, e.g. '64.25% of MSRP'
-- column severity: text | warning
WITH ratios AS (
    SELECT
        d.orderNumber,
        d.productCode,
        CAST(d.priceEach AS DOUBLE) / p.MSRP AS price_ratio
    FROM orderdetails AS d
    JOIN products AS p ON p.productCode = d.productCode
    WHERE p.MSRP > 0
),
outliers AS (
    SELECT
        orderNumber,
        productCode,
        price_ratio,
        CAST(ROUND(price_ratio * 10000) AS INTEGER) AS basis_points
    FROM ratios
    WHERE price_ratio < :min_ratio OR price_ratio > :max_ratio
)
SELECT
    CASE WHEN price_ratio < :min_ratio THEN 'deep_discount' ELSE 'above_msrp' END AS "check",
    'orderdetails' AS "table",
    CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR) AS "key",
    'priceEach' AS "column",
    CAST(CAST((basis_points - basis_points % 100) / 100 AS INTEGER) AS VARCHAR) || '.'
        || CASE WHEN basis_points % 100 < 10 THEN '0' ELSE '' END
        || CAST(basis_points % 100 AS VARCHAR) || '% of MSRP' AS "value",
    'warning' AS severity
FROM outliers
ORDER BY "check", orderNumber, productCode
