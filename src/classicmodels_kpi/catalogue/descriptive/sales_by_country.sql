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
WITH order_values AS (
    SELECT
        o.orderNumber,
        o.customerNumber,
        ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS order_value
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.orderNumber, o.customerNumber
),
by_country AS (
    SELECT
        TRIM(c.country) AS country,
        ROUND(SUM(v.order_value), 2) AS revenue,
        COUNT(*) AS orders,
        COUNT(DISTINCT v.customerNumber) AS customers
    FROM order_values AS v
    JOIN customers AS c ON c.customerNumber = v.customerNumber
    GROUP BY TRIM(c.country)
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
