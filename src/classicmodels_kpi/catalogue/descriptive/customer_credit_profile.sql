-- title: Customer credit profile
-- question: How much credit does each customer have, how does it rank, and how much have they bought against it?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column customerNumber: int | customer key
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | assigned sales rep, empty when none
-- column creditLimit: money | USD
-- column credit_band: text | None (0 or empty), Low (under 50,000), Medium (50,000 to under 100,000), High (100,000 and over)
-- column credit_percentile: pct | PERCENT_RANK of creditLimit among all customers, 0–100
-- column orders: int | orders not Cancelled, up to as_of
-- column revenue: money | USD, Σ quantityOrdered × priceEach over those orders
-- column revenue_to_credit: float | revenue / creditLimit; empty when creditLimit is 0 or empty
WITH
-- include: order_totals
customer_sales AS (
    SELECT
        o.customerNumber,
        COUNT(*) AS orders,
        ROUND(CAST(SUM(t.order_value) AS DECIMAL(18, 2)), 2) AS revenue
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
)
SELECT
    c.customerNumber,
    c.customerName,
    TRIM(c.country) AS country,
    c.salesRepEmployeeNumber,
    c.creditLimit,
    CASE
        WHEN c.creditLimit IS NULL OR c.creditLimit <= 0 THEN 'None'
        WHEN c.creditLimit < 50000 THEN 'Low'
        WHEN c.creditLimit < 100000 THEN 'Medium'
        ELSE 'High'
    END AS credit_band,
    100.0 * PERCENT_RANK() OVER (ORDER BY COALESCE(c.creditLimit, 0)) AS credit_percentile,
    COALESCE(s.orders, 0) AS orders,
    COALESCE(s.revenue, 0) AS revenue,
    CASE
        WHEN c.creditLimit > 0 THEN CAST(COALESCE(s.revenue, 0) AS DOUBLE) / c.creditLimit
    END AS revenue_to_credit
FROM customers AS c
LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
ORDER BY c.creditLimit DESC, c.customerNumber
