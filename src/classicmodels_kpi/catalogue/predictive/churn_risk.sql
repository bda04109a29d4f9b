-- title: Churn risk
-- question: Which customers have not ordered for longer than the threshold, and how much yearly revenue is at risk?
-- param as_of: date = latest_order_date | recency is measured to this date; orders after it do not count
-- param inactive_days: int = 180 range 0..36500 | a customer whose last order is more than this many days before as_of is at risk
-- column customerNumber: int | customers with orders (not Cancelled) whose recency_days > inactive_days
-- column customerName: text | customers.customerName
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | the customer's current sales rep (NULL when none)
-- column sales_rep: text | the rep's firstName lastName (NULL when none)
-- column last_order_date: date | latest order (not Cancelled) on or before as_of
-- column recency_days: int | days from last_order_date to as_of
-- column days_over_threshold: int | recency_days − inactive_days
-- column orders: int | orders not Cancelled
-- column lifetime_revenue: money | USD, Σ quantityOrdered × priceEach over all the customer's orders not Cancelled
-- column revenue_at_risk: money | USD, the customer's revenue in the 365 days ending on last_order_date: the yearly business lost if they do not return
-- column share_of_risk_pct: pct | 100 × revenue_at_risk / revenue_at_risk of all listed customers
-- column risk_rank: int | 1 = most revenue at risk; ties broken by customerNumber
WITH
-- include: order_revenue
-- customers are joined before any aggregate: an aggregate joined back on its key would let
-- MariaDB re-run the per-order totals once per customer (split materialization)
with_last AS (
    SELECT
        r.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        r.orderDate,
        r.revenue,
        MAX(r.orderDate) OVER (PARTITION BY r.customerNumber) AS last_order_date
    FROM order_revenue AS r
    JOIN customers AS c ON c.customerNumber = r.customerNumber
),
customer_totals AS (
    SELECT
        customerNumber,
        customerName,
        country,
        salesRepEmployeeNumber,
        last_order_date,
        DATE_DIFF('day', last_order_date, CAST(:as_of AS DATE)) AS recency_days,
        COUNT(*) AS orders,
        ROUND(CAST(SUM(revenue) AS DECIMAL(18, 2)), 2) AS lifetime_revenue,
        ROUND(
            CAST(
                SUM(
                    CASE
                        WHEN DATE_DIFF('day', orderDate, last_order_date) < 365 THEN revenue
                        ELSE 0
                    END
                ) AS DECIMAL(18, 2)
            ),
            2
        ) AS revenue_at_risk
    FROM with_last
    GROUP BY customerNumber, customerName, country, salesRepEmployeeNumber, last_order_date
),
at_risk AS (
    SELECT *
    FROM customer_totals
    WHERE recency_days > :inactive_days
)
SELECT
    a.customerNumber,
    a.customerName,
    a.country,
    a.salesRepEmployeeNumber,
    e.firstName || ' ' || e.lastName AS sales_rep,
    a.last_order_date,
    a.recency_days,
    a.recency_days - :inactive_days AS days_over_threshold,
    a.orders,
    a.lifetime_revenue,
    a.revenue_at_risk,
    100.0 * CAST(a.revenue_at_risk AS DOUBLE)
        / NULLIF(CAST(SUM(a.revenue_at_risk) OVER () AS DOUBLE), 0) AS share_of_risk_pct,
    ROW_NUMBER() OVER (ORDER BY a.revenue_at_risk DESC, a.customerNumber) AS risk_rank
FROM at_risk AS a
LEFT JOIN employees AS e ON e.employeeNumber = a.salesRepEmployeeNumber
ORDER BY risk_rank
