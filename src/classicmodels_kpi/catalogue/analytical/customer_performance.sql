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
WITH order_revenue AS (
    -- one row per order first: cheaper than COUNT(DISTINCT) over order lines
    SELECT o.orderNumber, o.customerNumber, o.orderDate, SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.orderNumber, o.customerNumber, o.orderDate
),
customer_sales AS (
    SELECT
        customerNumber,
        COUNT(*) AS orders,
        ROUND(CAST(SUM(revenue) AS DECIMAL(18, 2)), 2) AS revenue,
        MIN(orderDate) AS first_order_date,
        MAX(orderDate) AS last_order_date
    FROM order_revenue
    GROUP BY customerNumber
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
    r.customerNumber,
    c.customerName,
    TRIM(c.country) AS country,
    c.salesRepEmployeeNumber,
    r.orders,
    r.revenue,
    CAST(r.revenue AS DOUBLE) / r.orders AS aov,
    r.first_order_date,
    r.last_order_date,
    100.0 * CAST(r.revenue AS DOUBLE) / NULLIF(CAST(r.total_revenue AS DOUBLE), 0)
        AS revenue_share_pct,
    100.0 * CAST(r.cumulative_revenue AS DOUBLE) / NULLIF(CAST(r.total_revenue AS DOUBLE), 0)
        AS cumulative_share_pct,
    100.0 * CAST(r.revenue_rank AS DOUBLE) / r.listed AS customer_share_pct,
    r.revenue_rank,
    CASE
        WHEN r.cumulative_revenue - r.revenue < 0.80 * r.total_revenue THEN 'A'
        WHEN r.cumulative_revenue - r.revenue < 0.95 * r.total_revenue THEN 'B'
        ELSE 'C'
    END AS abc_class
FROM ranked AS r
JOIN customers AS c ON c.customerNumber = r.customerNumber
ORDER BY r.revenue_rank
