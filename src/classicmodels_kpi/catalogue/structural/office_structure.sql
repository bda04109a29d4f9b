-- title: Office structure
-- question: What does each office hold: people, sales reps, managers and the customers its reps serve?
-- column officeCode: text | office key
-- column city: text | office city
-- column country: text | TRIM(offices.country)
-- column territory: text | sales territory (NA, EMEA, APAC, Japan)
-- column employees: int | employees based in the office
-- column sales_reps: int | of those, jobTitle 'Sales Rep'
-- column managers: int | of those, with at least one direct report
-- column customers: int | customers whose sales rep is based in the office
-- column customer_countries: int | distinct TRIM(country) of those customers
WITH staff AS (
    SELECT
        e.officeCode,
        COUNT(*) AS employees,
        SUM(CASE WHEN e.jobTitle = 'Sales Rep' THEN 1 ELSE 0 END) AS sales_reps,
        SUM(
            CASE
                WHEN EXISTS (SELECT 1 FROM employees AS r WHERE r.reportsTo = e.employeeNumber)
                    THEN 1
                ELSE 0
            END
        ) AS managers
    FROM employees AS e
    GROUP BY e.officeCode
),
served AS (
    SELECT
        e.officeCode,
        COUNT(*) AS customers,
        COUNT(DISTINCT TRIM(c.country)) AS customer_countries
    FROM customers AS c
    JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
    GROUP BY e.officeCode
)
SELECT
    f.officeCode,
    f.city,
    TRIM(f.country) AS country,
    f.territory,
    COALESCE(s.employees, 0) AS employees,
    COALESCE(s.sales_reps, 0) AS sales_reps,
    COALESCE(s.managers, 0) AS managers,
    COALESCE(v.customers, 0) AS customers,
    COALESCE(v.customer_countries, 0) AS customer_countries
FROM offices AS f
LEFT JOIN staff AS s ON s.officeCode = f.officeCode
LEFT JOIN served AS v ON v.officeCode = f.officeCode
ORDER BY f.officeCode
