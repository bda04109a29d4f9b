-- title: Revenue by country and product line, and by country and sales rep
-- question: Within each country, which product lines and which sales reps bring the revenue?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column grouping: text | product_line or sales_rep: which breakdown the row belongs to
-- column country: text | TRIM(customers.country)
-- column label: text | the product line, or the rep "first last" ("No sales rep" when none)
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column orders: int | orders not Cancelled
-- Lines are first summed per order and product line on integer keys; names are joined only to
-- the small aggregates, so the query needs little memory on millions of order lines.
WITH order_lines AS (
    SELECT
        o.orderNumber,
        o.customerNumber,
        p.productLine,
        SUM(d.quantityOrdered * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN products AS p ON p.productCode = d.productCode
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.orderNumber, o.customerNumber, p.productLine
),
order_totals AS (
    SELECT orderNumber, customerNumber, SUM(revenue) AS revenue
    FROM order_lines
    GROUP BY orderNumber, customerNumber
),
by_line AS (
    SELECT c.customerNumber, ol.productLine, SUM(ol.revenue) AS revenue, COUNT(*) AS orders
    FROM order_lines AS ol
    JOIN customers AS c ON c.customerNumber = ol.customerNumber
    GROUP BY c.customerNumber, ol.productLine
),
by_customer AS (
    SELECT customerNumber, SUM(revenue) AS revenue, COUNT(*) AS orders
    FROM order_totals
    GROUP BY customerNumber
)
SELECT
    'product_line' AS grouping,
    TRIM(c.country) AS country,
    b.productLine AS label,
    ROUND(SUM(b.revenue), 2) AS revenue,
    SUM(b.orders) AS orders
FROM by_line AS b
JOIN customers AS c ON c.customerNumber = b.customerNumber
GROUP BY TRIM(c.country), b.productLine
UNION ALL
SELECT
    'sales_rep' AS grouping,
    TRIM(c.country) AS country,
    COALESCE(e.firstName || ' ' || e.lastName, 'No sales rep') AS label,
    ROUND(SUM(b.revenue), 2) AS revenue,
    SUM(b.orders) AS orders
FROM by_customer AS b
JOIN customers AS c ON c.customerNumber = b.customerNumber
LEFT JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
GROUP BY TRIM(c.country), COALESCE(e.firstName || ' ' || e.lastName, 'No sales rep')
ORDER BY grouping, country, revenue DESC, label
