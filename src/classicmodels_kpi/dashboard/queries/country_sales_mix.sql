-- title: Revenue by country and product line, and by country and sales rep
-- question: Within each country, which product lines and which sales reps bring the revenue?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column grouping: text | productLine or sales_rep: which breakdown the row belongs to
-- column country: text | TRIM(customers.country)
-- column label: text | the product line, or the rep "first last" ("No sales rep" when none)
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column orders: int | orders not Cancelled
WITH lines AS (
    SELECT
        TRIM(c.country) AS country,
        p.productLine,
        COALESCE(e.firstName || ' ' || e.lastName, 'No sales rep') AS rep_name,
        o.orderNumber,
        d.quantityOrdered * d.priceEach AS line_revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN customers AS c ON c.customerNumber = o.customerNumber
    JOIN products AS p ON p.productCode = d.productCode
    LEFT JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
)
SELECT
    'product_line' AS grouping,
    country,
    productLine AS label,
    ROUND(SUM(line_revenue), 2) AS revenue,
    COUNT(DISTINCT orderNumber) AS orders
FROM lines
GROUP BY country, productLine
UNION ALL
SELECT
    'sales_rep' AS grouping,
    country,
    rep_name AS label,
    ROUND(SUM(line_revenue), 2) AS revenue,
    COUNT(DISTINCT orderNumber) AS orders
FROM lines
GROUP BY country, rep_name
ORDER BY grouping, country, revenue DESC, label
