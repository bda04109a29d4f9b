-- title: Business overview
-- question: How big is the business: customers, products, people, orders, revenue and cash in?
-- param as_of: date = latest_order_date | orders and payments dated on or after the next day are ignored
-- column customers: int | customers on file
-- column customers_with_orders: int | customers with at least one order (any status) up to as_of
-- column products: int | products in the catalogue
-- column products_sold: int | products on at least one order line (any status) up to as_of
-- column employees: int | employees on file
-- column sales_reps: int | employees whose jobTitle is 'Sales Rep'
-- column offices: int | offices on file
-- column customer_countries: int | distinct TRIM(customers.country)
-- column orders: int | orders of any status dated up to as_of
-- column order_lines: int | order lines of those orders
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled, up to as_of
-- column payments_received: money | USD, Σ payments.amount dated up to as_of
WITH customer_orders AS (
    SELECT customerNumber, COUNT(*) AS orders
    FROM orders
    WHERE orderDate <= CAST(:as_of AS DATE)
    GROUP BY customerNumber
),
order_totals AS (
    -- orders per customer first: the DISTINCT then runs over customers, not over every order
    SELECT
        COALESCE(SUM(o.orders), 0) AS orders,
        COUNT(DISTINCT c.customerNumber) AS customers_with_orders
    FROM customer_orders AS o
    LEFT JOIN customers AS c ON c.customerNumber = o.customerNumber
),
product_lines AS (
    -- the lines per product first (a few hundred groups), so products_sold is a DISTINCT over
    -- products rather than over every order line
    SELECT
        d.productCode,
        COUNT(*) AS order_lines,
        SUM(CASE WHEN o.status <> 'Cancelled' THEN d.quantityOrdered * d.priceEach END)
            AS revenue
    FROM orderdetails AS d
    JOIN orders AS o ON o.orderNumber = d.orderNumber
    WHERE o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY d.productCode
),
line_totals AS (
    SELECT
        COALESCE(SUM(l.order_lines), 0) AS order_lines,
        COUNT(DISTINCT p.productCode) AS products_sold,
        ROUND(COALESCE(SUM(l.revenue), 0), 2) AS revenue
    FROM product_lines AS l
    LEFT JOIN products AS p ON p.productCode = l.productCode
)
SELECT
    (SELECT COUNT(*) FROM customers) AS customers,
    t.customers_with_orders,
    (SELECT COUNT(*) FROM products) AS products,
    l.products_sold,
    (SELECT COUNT(*) FROM employees) AS employees,
    (SELECT COUNT(*) FROM employees WHERE jobTitle = 'Sales Rep') AS sales_reps,
    (SELECT COUNT(*) FROM offices) AS offices,
    (SELECT COUNT(DISTINCT TRIM(country)) FROM customers) AS customer_countries,
    t.orders,
    l.order_lines,
    l.revenue,
    (
        SELECT ROUND(COALESCE(SUM(amount), 0), 2) FROM payments
        WHERE paymentDate <= CAST(:as_of AS DATE)
    ) AS payments_received
FROM order_totals AS t
CROSS JOIN line_totals AS l
