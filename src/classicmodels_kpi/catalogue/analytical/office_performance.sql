-- title: Office performance
-- question: How much revenue does each office's sales team bring, per rep and per customer?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column officeCode: text | office key; every office
-- column city: text | offices.city
-- column country: text | TRIM(offices.country)
-- column territory: text | offices.territory
-- column employees: int | employees working in the office
-- column sales_reps: int | employees in the office titled 'Sales Rep'
-- column customers: int | customers whose sales rep works in the office
-- column active_customers: int | of those, customers with an order (not Cancelled)
-- column orders: int | orders (not Cancelled) of those customers
-- column revenue: money | USD, revenue of those customers, credited through their current rep
-- column revenue_per_rep: money | USD, revenue / sales_reps (NULL without reps)
-- column revenue_per_customer: money | USD, revenue / active_customers (NULL without any)
-- column aov: money | USD, revenue / orders (NULL without orders)
-- column revenue_share_pct: pct | 100 × revenue / revenue of all offices
-- column revenue_rank: int | 1 = highest revenue (RANK)
WITH
-- include: rep_customer_sales
offices_all AS (
    SELECT
        f.officeCode,
        f.city,
        TRIM(f.country) AS country,
        f.territory,
        COUNT(DISTINCT e.employeeNumber) AS employees,
        COUNT(DISTINCT CASE WHEN e.jobTitle = 'Sales Rep' THEN e.employeeNumber END) AS sales_reps,
        COUNT(DISTINCT s.customerNumber) AS customers,
        COUNT(DISTINCT CASE WHEN s.orders > 0 THEN s.customerNumber END) AS active_customers,
        COALESCE(SUM(s.orders), 0) AS orders,
        ROUND(CAST(COALESCE(SUM(s.revenue), 0) AS DECIMAL(18, 2)), 2) AS revenue
    FROM offices AS f
    LEFT JOIN employees AS e ON e.officeCode = f.officeCode
    LEFT JOIN customer_sales AS s ON s.salesRepEmployeeNumber = e.employeeNumber
    GROUP BY f.officeCode, f.city, TRIM(f.country), f.territory
)
SELECT
    officeCode,
    city,
    country,
    territory,
    employees,
    sales_reps,
    customers,
    active_customers,
    orders,
    revenue,
    CAST(revenue AS DOUBLE) / NULLIF(sales_reps, 0) AS revenue_per_rep,
    CAST(revenue AS DOUBLE) / NULLIF(active_customers, 0) AS revenue_per_customer,
    CAST(revenue AS DOUBLE) / NULLIF(orders, 0) AS aov,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(SUM(revenue) OVER () AS DOUBLE), 0)
        AS revenue_share_pct,
    RANK() OVER (ORDER BY revenue DESC) AS revenue_rank
FROM offices_all
ORDER BY revenue_rank, officeCode
