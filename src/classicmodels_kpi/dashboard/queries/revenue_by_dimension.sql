-- title: Revenue by dimension in a date range
-- question: Which countries, products, sales reps or product lines brought the revenue of a period?
-- param start: date | first orderDate counted
-- param end: date | last orderDate counted
-- param dimension: text = country | country, product, sales_rep or product_line
-- column label: text | the country (TRIM), product name, rep "first last" ("No sales rep" when none) or product line
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled in the range
WITH lines AS (
    SELECT
        CASE CAST(:dimension AS VARCHAR)
            WHEN 'product' THEN p.productName
            WHEN 'sales_rep' THEN COALESCE(e.firstName || ' ' || e.lastName, 'No sales rep')
            WHEN 'product_line' THEN p.productLine
            ELSE TRIM(c.country)
        END AS label,
        d.quantityOrdered * d.priceEach AS line_revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN customers AS c ON c.customerNumber = o.customerNumber
    JOIN products AS p ON p.productCode = d.productCode
    LEFT JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
    WHERE o.status <> 'Cancelled'
      AND o.orderDate >= CAST(:start AS DATE)
      AND o.orderDate <= CAST(:end AS DATE)
)
SELECT
    label,
    ROUND(SUM(line_revenue), 2) AS revenue
FROM lines
GROUP BY label
ORDER BY revenue DESC, label
