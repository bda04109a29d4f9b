-- title: Sales rep workload
-- question: How many customers, orders and how much revenue does each sales rep carry?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column employeeNumber: int | the rep; every 'Sales Rep' and anyone else with customers assigned
-- column rep_name: text | lastName, firstName
-- column jobTitle: text | job title
-- column officeCode: text | the rep's office
-- column office_city: text | city of that office
-- column customers: int | customers assigned to the rep
-- column active_customers: int | assigned customers with an order not Cancelled up to as_of
-- column orders: int | orders not Cancelled of the assigned customers, up to as_of
-- column revenue: money | USD, Σ quantityOrdered × priceEach over those orders
-- column customer_share_pct: pct | share of all assigned customers, 0–100
-- column revenue_share_pct: pct | share of the revenue of assigned customers, 0–100
WITH
-- include: order_revenue
-- per order (order_revenue), then per customer, then per rep: cheaper than grouping the joined
-- order lines and counting their distinct orders. Customers are joined inside the first GROUP BY:
-- an aggregate joined back on its key would let MariaDB re-run the per-order totals once per
-- customer (split materialization).
customer_sales AS (
    SELECT
        c.customerNumber,
        c.salesRepEmployeeNumber,
        COUNT(r.orderNumber) AS orders,
        SUM(ROUND(CAST(r.revenue AS DECIMAL(18, 2)), 2)) AS revenue
    FROM customers AS c
    LEFT JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    WHERE c.salesRepEmployeeNumber IS NOT NULL
    GROUP BY c.customerNumber, c.salesRepEmployeeNumber
),
rep_customers AS (
    SELECT
        salesRepEmployeeNumber AS employeeNumber,
        COUNT(*) AS customers,
        SUM(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS active_customers,
        SUM(orders) AS orders,
        ROUND(COALESCE(SUM(revenue), 0), 2) AS revenue
    FROM customer_sales
    GROUP BY salesRepEmployeeNumber
),
reps AS (
    SELECT
        e.employeeNumber,
        e.lastName || ', ' || e.firstName AS rep_name,
        e.jobTitle,
        e.officeCode,
        f.city AS office_city,
        COALESCE(r.customers, 0) AS customers,
        COALESCE(r.active_customers, 0) AS active_customers,
        COALESCE(r.orders, 0) AS orders,
        COALESCE(r.revenue, 0) AS revenue
    FROM employees AS e
    LEFT JOIN rep_customers AS r ON r.employeeNumber = e.employeeNumber
    LEFT JOIN offices AS f ON f.officeCode = e.officeCode
    WHERE e.jobTitle = 'Sales Rep' OR r.employeeNumber IS NOT NULL
)
SELECT
    employeeNumber,
    rep_name,
    jobTitle,
    officeCode,
    office_city,
    customers,
    active_customers,
    orders,
    revenue,
    100.0 * CAST(customers AS DOUBLE) / NULLIF(SUM(customers) OVER (), 0) AS customer_share_pct,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(SUM(revenue) OVER (), 0) AS revenue_share_pct
FROM reps
ORDER BY customers DESC, revenue DESC, employeeNumber
