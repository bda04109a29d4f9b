-- title: Revenue by country and product line, and by country and sales rep
-- question: Within each country, which product lines and which sales reps bring the revenue?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column grouping: text | product_line or sales_rep: which breakdown the row belongs to
-- column country: text | TRIM(customers.country)
-- column label: text | the product line, or the rep "first last" ("No sales rep" when none)
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- Each half sums the order lines straight into a few hundred groups (country × line, country ×
-- rep number); names are joined to those sums. Nothing line-sized is kept, so the query needs
-- little memory on millions of order lines.
WITH by_line AS (
    SELECT
        TRIM(c.country) AS country,
        p.productLine AS label,
        SUM(d.quantityOrdered * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN customers AS c ON c.customerNumber = o.customerNumber
    JOIN products AS p ON p.productCode = d.productCode
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY TRIM(c.country), p.productLine
),
by_rep_number AS (
    SELECT
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber AS rep,
        SUM(d.quantityOrdered * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN customers AS c ON c.customerNumber = o.customerNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY TRIM(c.country), c.salesRepEmployeeNumber
),
by_rep AS (
    SELECT
        b.country,
        COALESCE(e.firstName || ' ' || e.lastName, 'No sales rep') AS label,
        SUM(b.revenue) AS revenue
    FROM by_rep_number AS b
    LEFT JOIN employees AS e ON e.employeeNumber = b.rep
    GROUP BY b.country, COALESCE(e.firstName || ' ' || e.lastName, 'No sales rep')
)
SELECT 'product_line' AS grouping, country, label, ROUND(revenue, 2) AS revenue FROM by_line
UNION ALL
SELECT 'sales_rep' AS grouping, country, label, ROUND(revenue, 2) AS revenue FROM by_rep
ORDER BY grouping, country, revenue DESC, label
