-- title: Sales by country
-- question: Which countries bring the revenue, and how concentrated is it?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column country: text | TRIM(customers.country); countries with at least one order not Cancelled
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column orders: int | orders not Cancelled
-- column customers: int | customers with at least one of those orders
-- column aov: money | USD, average order value = revenue / orders
-- column revenue_share_pct: pct | share of total revenue, 0–100
-- column revenue_rank: int | 1 = highest revenue; ties share a rank
WITH
-- include: order_revenue
-- per order (order_revenue), then per customer, then per country: each step groups far fewer rows
-- than the joined order lines, and customers are counted without a COUNT(DISTINCT). Customers are
-- joined inside the first GROUP BY: an aggregate joined back on its key would let MariaDB re-run
-- the per-order totals once per customer (split materialization).
customer_sales AS (
    SELECT
        c.customerNumber,
        TRIM(c.country) AS country,
        COUNT(*) AS orders,
        SUM(ROUND(CAST(r.revenue AS DECIMAL(18, 2)), 2)) AS revenue
    FROM order_revenue AS r
    JOIN customers AS c ON c.customerNumber = r.customerNumber
    GROUP BY c.customerNumber, TRIM(c.country)
),
by_country AS (
    SELECT
        country,
        ROUND(SUM(revenue), 2) AS revenue,
        SUM(orders) AS orders,
        COUNT(*) AS customers
    FROM customer_sales
    GROUP BY country
)
SELECT
    country,
    revenue,
    orders,
    customers,
    CAST(revenue AS DOUBLE) / orders AS aov,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(SUM(revenue) OVER (), 0) AS revenue_share_pct,
    RANK() OVER (ORDER BY revenue DESC) AS revenue_rank
FROM by_country
ORDER BY revenue DESC, country
