-- title: Sales by product line
-- question: Which product lines sell, in money and units, and which earn the best gross margin?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column productLine: text | product line; every line appears, with zeros when it sold nothing
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column units: int | Σ quantityOrdered
-- column orders: int | orders not Cancelled holding the line
-- column products_sold: int | distinct products of the line sold
-- column revenue_share_pct: pct | share of total revenue, 0–100
-- column cost: money | USD, Σ quantityOrdered × products.buyPrice
-- column gross_margin: money | USD, revenue − cost
-- column gross_margin_pct: pct | gross_margin / revenue × 100; empty without revenue
-- column revenue_rank: int | 1 = highest revenue; ties share a rank
WITH line_sales AS (
    SELECT
        p.productLine,
        ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS revenue,
        SUM(d.quantityOrdered) AS units,
        COUNT(DISTINCT d.orderNumber) AS orders,
        COUNT(DISTINCT d.productCode) AS products_sold,
        ROUND(SUM(d.quantityOrdered * p.buyPrice), 2) AS cost
    FROM orderdetails AS d
    JOIN orders AS o ON o.orderNumber = d.orderNumber
    JOIN products AS p ON p.productCode = d.productCode
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY p.productLine
),
lines AS (
    SELECT
        pl.productLine,
        COALESCE(s.revenue, 0) AS revenue,
        COALESCE(s.units, 0) AS units,
        COALESCE(s.orders, 0) AS orders,
        COALESCE(s.products_sold, 0) AS products_sold,
        COALESCE(s.cost, 0) AS cost
    FROM productlines AS pl
    LEFT JOIN line_sales AS s ON s.productLine = pl.productLine
)
SELECT
    productLine,
    revenue,
    units,
    orders,
    products_sold,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(SUM(revenue) OVER (), 0) AS revenue_share_pct,
    cost,
    ROUND(revenue - cost, 2) AS gross_margin,
    100.0 * CAST(revenue - cost AS DOUBLE) / NULLIF(revenue, 0) AS gross_margin_pct,
    RANK() OVER (ORDER BY revenue DESC) AS revenue_rank
FROM lines
ORDER BY revenue DESC, productLine
