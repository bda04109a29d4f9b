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
WITH period_orders AS (
    SELECT orderNumber, customerNumber, status
    FROM orders
    WHERE orderDate <= CAST(:as_of AS DATE)
),
period_lines AS (
    SELECT d.productCode, d.quantityOrdered, d.priceEach, o.status
    FROM orderdetails AS d
    JOIN period_orders AS o ON o.orderNumber = d.orderNumber
)
SELECT
    (SELECT COUNT(*) FROM customers) AS customers,
    (
        SELECT COUNT(*) FROM customers AS c
        WHERE EXISTS (SELECT 1 FROM period_orders AS o WHERE o.customerNumber = c.customerNumber)
    ) AS customers_with_orders,
    (SELECT COUNT(*) FROM products) AS products,
    (
        SELECT COUNT(*) FROM products AS p
        WHERE EXISTS (SELECT 1 FROM period_lines AS l WHERE l.productCode = p.productCode)
    ) AS products_sold,
    (SELECT COUNT(*) FROM employees) AS employees,
    (SELECT COUNT(*) FROM employees WHERE jobTitle = 'Sales Rep') AS sales_reps,
    (SELECT COUNT(*) FROM offices) AS offices,
    (SELECT COUNT(DISTINCT TRIM(country)) FROM customers) AS customer_countries,
    (SELECT COUNT(*) FROM period_orders) AS orders,
    (SELECT COUNT(*) FROM period_lines) AS order_lines,
    (
        SELECT ROUND(COALESCE(SUM(quantityOrdered * priceEach), 0), 2) FROM period_lines
        WHERE status <> 'Cancelled'
    ) AS revenue,
    (
        SELECT ROUND(COALESCE(SUM(amount), 0), 2) FROM payments
        WHERE paymentDate <= CAST(:as_of AS DATE)
    ) AS payments_received
