-- title: Sales coverage map
-- question: Which offices, through their sales reps, serve the customers of each country, and with what revenue?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column country: text | TRIM(customers.country)
-- column officeCode: text | office of the customers' sales rep; empty for customers without a rep
-- column office_city: text | city of that office
-- column office_country: text | TRIM(offices.country)
-- column is_domestic: bool | the office is in the customers' country; empty without an office
-- column sales_reps: int | distinct reps of that office serving the country
-- column customers: int | customers of the country served by that office (or by nobody)
-- column revenue: money | USD, their Σ quantityOrdered × priceEach over orders not Cancelled
WITH customer_sales AS (
    SELECT o.customerNumber, ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
),
coverage AS (
    SELECT
        TRIM(c.country) AS country,
        e.officeCode,
        COUNT(DISTINCT c.salesRepEmployeeNumber) AS sales_reps,
        COUNT(*) AS customers,
        ROUND(COALESCE(SUM(s.revenue), 0), 2) AS revenue
    FROM customers AS c
    LEFT JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
    LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
    GROUP BY TRIM(c.country), e.officeCode
)
SELECT
    v.country,
    v.officeCode,
    f.city AS office_city,
    TRIM(f.country) AS office_country,
    CASE
        WHEN f.officeCode IS NULL THEN NULL
        WHEN TRIM(f.country) = v.country THEN 1
        ELSE 0
    END AS is_domestic,
    v.sales_reps,
    v.customers,
    v.revenue
FROM coverage AS v
LEFT JOIN offices AS f ON f.officeCode = v.officeCode
ORDER BY v.country, v.officeCode
