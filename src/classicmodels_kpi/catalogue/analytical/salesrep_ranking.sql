-- title: Sales rep ranking
-- question: How do the sales reps rank overall, within their office, and over the last 12 months against the 12 before?
-- param as_of: date = latest_order_date | orders placed on or before this date count; the windows end on it
-- column employeeNumber: int | every employee titled 'Sales Rep' or assigned to a customer
-- column rep_name: text | firstName lastName
-- column officeCode: text | the rep's office
-- column office_city: text | offices.city
-- column revenue: money | USD, revenue of the rep's customers (orders not Cancelled, up to as_of), credited to the customer's current rep
-- column orders: int | orders not Cancelled
-- column rank_overall: int | 1 = highest revenue among all reps (RANK)
-- column rank_in_office: int | 1 = highest revenue in the rep's office (RANK)
-- column percentile: pct | 100 × PERCENT_RANK by revenue: 100 = the top rep, 0 = the lowest
-- column revenue_vs_office_avg_pct: pct | 100 × (revenue − mean revenue of the office's listed reps) / that mean (NULL when the mean is 0)
-- column revenue_last_12m: money | USD, orders placed in the 365 days ending on as_of
-- column rank_last_12m: int | RANK by revenue_last_12m
-- column revenue_prior_12m: money | USD, orders placed in the 365 days before those
-- column rank_prior_12m: int | RANK by revenue_prior_12m
-- column rank_change: int | rank_prior_12m − rank_last_12m: positive = climbed
WITH order_totals AS (
    -- revenue per order first, straight off the orderdetails key: the cheapest pass over the lines
    SELECT orderNumber, SUM(CAST(quantityOrdered AS DOUBLE) * priceEach) AS revenue
    FROM orderdetails
    GROUP BY orderNumber
),
order_revenue AS (
    SELECT
        o.orderNumber,
        o.customerNumber,
        DATE_DIFF('day', o.orderDate, CAST(:as_of AS DATE)) AS days_before_as_of,
        t.revenue
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
),
-- One GROUP BY over employees → customers → orders (an aggregate joined back on its key would
-- let MariaDB re-run the per-order totals once per rep).
reps AS (
    SELECT
        e.employeeNumber,
        e.firstName || ' ' || e.lastName AS rep_name,
        e.officeCode,
        COUNT(r.orderNumber) AS orders,
        ROUND(CAST(COALESCE(SUM(r.revenue), 0) AS DECIMAL(18, 2)), 2) AS revenue,
        ROUND(
            CAST(
                COALESCE(SUM(CASE WHEN r.days_before_as_of < 365 THEN r.revenue END), 0)
                AS DECIMAL(18, 2)
            ),
            2
        ) AS revenue_last_12m,
        ROUND(
            CAST(
                COALESCE(
                    SUM(
                        CASE
                            WHEN r.days_before_as_of >= 365 AND r.days_before_as_of < 730
                                THEN r.revenue
                        END
                    ),
                    0
                ) AS DECIMAL(18, 2)
            ),
            2
        ) AS revenue_prior_12m
    FROM employees AS e
    LEFT JOIN customers AS c ON c.salesRepEmployeeNumber = e.employeeNumber
    LEFT JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    GROUP BY e.employeeNumber, e.firstName, e.lastName, e.jobTitle, e.officeCode
    HAVING e.jobTitle = 'Sales Rep' OR COUNT(c.customerNumber) > 0
),
ranked AS (
    SELECT
        r.*,
        RANK() OVER (ORDER BY r.revenue DESC) AS rank_overall,
        RANK() OVER (PARTITION BY r.officeCode ORDER BY r.revenue DESC) AS rank_in_office,
        PERCENT_RANK() OVER (ORDER BY r.revenue) AS percent_rank,
        AVG(CAST(r.revenue AS DOUBLE)) OVER (PARTITION BY r.officeCode) AS office_avg,
        RANK() OVER (ORDER BY r.revenue_last_12m DESC) AS rank_last_12m,
        RANK() OVER (ORDER BY r.revenue_prior_12m DESC) AS rank_prior_12m
    FROM reps AS r
)
SELECT
    r.employeeNumber,
    r.rep_name,
    r.officeCode,
    f.city AS office_city,
    r.revenue,
    r.orders,
    r.rank_overall,
    r.rank_in_office,
    100.0 * r.percent_rank AS percentile,
    100.0 * (CAST(r.revenue AS DOUBLE) - r.office_avg) / NULLIF(r.office_avg, 0)
        AS revenue_vs_office_avg_pct,
    r.revenue_last_12m,
    r.rank_last_12m,
    r.revenue_prior_12m,
    r.rank_prior_12m,
    r.rank_prior_12m - r.rank_last_12m AS rank_change
FROM ranked AS r
LEFT JOIN offices AS f ON f.officeCode = r.officeCode
ORDER BY r.rank_overall, r.employeeNumber
