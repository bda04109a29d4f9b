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
WITH order_revenue AS (
    -- one row per order first: cheaper than COUNT(DISTINCT) over order lines
    SELECT o.orderNumber, o.customerNumber, o.orderDate, SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.orderNumber, o.customerNumber, o.orderDate
),
customer_sales AS (
    SELECT customerNumber, COUNT(*) AS orders, SUM(revenue) AS revenue
    FROM order_revenue
    GROUP BY customerNumber
),
office_sales AS (
    SELECT
        e.officeCode,
        COUNT(*) AS customers,
        COUNT(s.customerNumber) AS active_customers,
        COALESCE(SUM(s.orders), 0) AS orders,
        ROUND(CAST(COALESCE(SUM(s.revenue), 0) AS DECIMAL(18, 2)), 2) AS revenue
    FROM customers AS c
    JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
    LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
    GROUP BY e.officeCode
),
staff AS (
    SELECT
        officeCode,
        COUNT(*) AS employees,
        SUM(CASE WHEN jobTitle = 'Sales Rep' THEN 1 ELSE 0 END) AS sales_reps
    FROM employees
    GROUP BY officeCode
),
offices_all AS (
    SELECT
        f.officeCode,
        f.city,
        TRIM(f.country) AS country,
        f.territory,
        COALESCE(t.employees, 0) AS employees,
        COALESCE(t.sales_reps, 0) AS sales_reps,
        COALESCE(s.customers, 0) AS customers,
        COALESCE(s.active_customers, 0) AS active_customers,
        COALESCE(s.orders, 0) AS orders,
        COALESCE(s.revenue, 0) AS revenue
    FROM offices AS f
    LEFT JOIN staff AS t ON t.officeCode = f.officeCode
    LEFT JOIN office_sales AS s ON s.officeCode = f.officeCode
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
