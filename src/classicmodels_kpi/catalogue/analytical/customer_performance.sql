-- title: Customer performance with ABC classes and the Pareto curve
-- question: How concentrated is revenue among customers: what share do the top customers bring?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column customerNumber: int | customer key; customers with at least one order (not Cancelled)
-- column customerName: text | customers.customerName
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | the customer's current sales rep (NULL when none)
-- column orders: int | orders not Cancelled
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column aov: money | USD, revenue / orders
-- column first_order_date: date | earliest order (not Cancelled)
-- column last_order_date: date | latest order (not Cancelled) on or before as_of
-- column revenue_share_pct: pct | 100 × revenue / total revenue
-- column cumulative_share_pct: pct | Pareto curve y: 100 × revenue of the customers ranked up to and including this one / total
-- column customer_share_pct: pct | Pareto curve x: 100 × revenue_rank / number of customers listed
-- column revenue_rank: int | 1 = highest revenue; ties broken by customerNumber
-- column abc_class: text | A while the share of the customers ranked before it is under 80 %, B under 95 %, else C
WITH
-- include: order_revenue
-- customers are joined inside the GROUP BY: an aggregate joined back on its key would let MariaDB
-- re-run the per-order totals once per customer (split materialization)
customer_sales AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COUNT(*) AS orders,
        ROUND(CAST(SUM(r.revenue) AS DECIMAL(18, 2)), 2) AS revenue,
        MIN(r.orderDate) AS first_order_date,
        MAX(r.orderDate) AS last_order_date
    FROM customers AS c
    JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    GROUP BY c.customerNumber, c.customerName, TRIM(c.country), c.salesRepEmployeeNumber
),
ranked AS (
    SELECT
        s.*,
        ROW_NUMBER() OVER (ORDER BY s.revenue DESC, s.customerNumber) AS revenue_rank,
        SUM(s.revenue) OVER (
            ORDER BY s.revenue DESC, s.customerNumber ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS cumulative_revenue,
        SUM(s.revenue) OVER () AS total_revenue,
        COUNT(*) OVER () AS listed
    FROM customer_sales AS s
)
SELECT
    customerNumber,
    customerName,
    country,
    salesRepEmployeeNumber,
    orders,
    revenue,
    CAST(revenue AS DOUBLE) / orders AS aov,
    first_order_date,
    last_order_date,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(total_revenue AS DOUBLE), 0) AS revenue_share_pct,
    100.0 * CAST(cumulative_revenue AS DOUBLE) / NULLIF(CAST(total_revenue AS DOUBLE), 0)
        AS cumulative_share_pct,
    100.0 * CAST(revenue_rank AS DOUBLE) / listed AS customer_share_pct,
    revenue_rank,
    CASE
        WHEN cumulative_revenue - revenue < 0.80 * total_revenue THEN 'A'
        WHEN cumulative_revenue - revenue < 0.95 * total_revenue THEN 'B'
        ELSE 'C'
    END AS abc_class
FROM ranked
ORDER BY revenue_rank
