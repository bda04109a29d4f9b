-- title: Sales rep performance with ABC classes
-- question: Which sales reps carry the revenue, from which office, and which few make up most of it?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column employeeNumber: int | every employee titled 'Sales Rep' or assigned to a customer
-- column rep_name: text | firstName lastName
-- column jobTitle: text | employees.jobTitle
-- column officeCode: text | the rep's office
-- column office_city: text | offices.city
-- column office_country: text | TRIM(offices.country)
-- column customers: int | customers assigned to the rep (customers.salesRepEmployeeNumber)
-- column active_customers: int | of those, customers with an order (not Cancelled)
-- column orders: int | orders (not Cancelled) of the rep's customers
-- column revenue: money | USD, revenue of the rep's customers; credited to the customer's current rep
-- column aov: money | USD, revenue / orders (NULL without orders)
-- column revenue_share_pct: pct | 100 × revenue / revenue of all reps
-- column cumulative_share_pct: pct | 100 × revenue of the reps ranked up to and including this one / total
-- column revenue_rank: int | 1 = highest revenue; ties broken by employeeNumber
-- column abc_class: text | A while the share of the reps ranked before it is under 80 %, B under 95 %, else C
WITH
-- include: rep_customer_sales
reps AS (
    SELECT
        e.employeeNumber,
        e.firstName || ' ' || e.lastName AS rep_name,
        e.jobTitle,
        e.officeCode,
        COUNT(DISTINCT s.customerNumber) AS customers,
        COUNT(DISTINCT CASE WHEN s.orders > 0 THEN s.customerNumber END) AS active_customers,
        COALESCE(SUM(s.orders), 0) AS orders,
        ROUND(CAST(COALESCE(SUM(s.revenue), 0) AS DECIMAL(18, 2)), 2) AS revenue
    FROM employees AS e
    LEFT JOIN customer_sales AS s ON s.salesRepEmployeeNumber = e.employeeNumber
    GROUP BY e.employeeNumber, e.firstName, e.lastName, e.jobTitle, e.officeCode
    HAVING e.jobTitle = 'Sales Rep' OR COUNT(s.customerNumber) > 0
),
ranked AS (
    SELECT
        r.*,
        ROW_NUMBER() OVER (ORDER BY r.revenue DESC, r.employeeNumber) AS revenue_rank,
        SUM(r.revenue) OVER (
            ORDER BY r.revenue DESC, r.employeeNumber ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS cumulative_revenue,
        SUM(r.revenue) OVER () AS total_revenue
    FROM reps AS r
)
SELECT
    r.employeeNumber,
    r.rep_name,
    r.jobTitle,
    r.officeCode,
    f.city AS office_city,
    TRIM(f.country) AS office_country,
    r.customers,
    r.active_customers,
    r.orders,
    r.revenue,
    CAST(r.revenue AS DOUBLE) / NULLIF(r.orders, 0) AS aov,
    100.0 * CAST(r.revenue AS DOUBLE) / NULLIF(CAST(r.total_revenue AS DOUBLE), 0)
        AS revenue_share_pct,
    100.0 * CAST(r.cumulative_revenue AS DOUBLE) / NULLIF(CAST(r.total_revenue AS DOUBLE), 0)
        AS cumulative_share_pct,
    r.revenue_rank,
    CASE
        WHEN r.cumulative_revenue - r.revenue < 0.80 * r.total_revenue THEN 'A'
        WHEN r.cumulative_revenue - r.revenue < 0.95 * r.total_revenue THEN 'B'
        ELSE 'C'
    END AS abc_class
FROM ranked AS r
LEFT JOIN offices AS f ON f.officeCode = r.officeCode
ORDER BY r.revenue_rank
