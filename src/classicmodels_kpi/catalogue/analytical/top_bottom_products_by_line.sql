-- title: Top and bottom products of each product line
-- question: In each product line, which products sell best and which sell worst?
-- param n: int = 3 range 1..1000 | products listed at each end of every line
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column productLine: text | products.productLine
-- column position: text | 'Top' (the n best) or 'Bottom' (the n worst among the rest: a product is never listed twice)
-- column rank_in_line: int | Top: 1 = best; Bottom: 1 = worst. Ranked by revenue, ties broken by productCode
-- column productCode: text | product key; unsold products count, with revenue 0
-- column productName: text | products.productName
-- column units: int | units sold, Σ quantityOrdered over orders not Cancelled
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column share_of_line_pct: pct | 100 × revenue / revenue of the product line (NULL when the line sold nothing)
-- column products_in_line: int | products in the line
WITH product_sales AS (
    SELECT
        d.productCode,
        SUM(d.quantityOrdered) AS units,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY d.productCode
),
ranked AS (
    SELECT
        p.productLine,
        p.productCode,
        p.productName,
        COALESCE(s.units, 0) AS units,
        ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue,
        ROW_NUMBER() OVER (
            PARTITION BY p.productLine
            ORDER BY ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) DESC, p.productCode
        ) AS best_rank,
        COUNT(*) OVER (PARTITION BY p.productLine) AS products_in_line,
        SUM(ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2)) OVER (PARTITION BY p.productLine) AS line_revenue
    FROM products AS p
    LEFT JOIN product_sales AS s ON s.productCode = p.productCode
),
listed AS (
    SELECT r.*, 'Top' AS position, r.best_rank AS rank_in_line
    FROM ranked AS r
    WHERE r.best_rank <= :n
    UNION ALL
    SELECT r.*, 'Bottom' AS position, r.products_in_line - r.best_rank + 1 AS rank_in_line
    FROM ranked AS r
    WHERE r.best_rank > :n AND r.products_in_line - r.best_rank < :n
)
SELECT
    productLine,
    position,
    rank_in_line,
    productCode,
    productName,
    units,
    revenue,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(line_revenue AS DOUBLE), 0) AS share_of_line_pct,
    products_in_line
FROM listed
ORDER BY productLine, CASE WHEN position = 'Top' THEN 0 ELSE 1 END, rank_in_line
