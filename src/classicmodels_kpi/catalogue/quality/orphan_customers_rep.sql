-- title: Customers assigned to an unknown sales rep
-- question: Which customers name a sales rep who is not on the employee list?
-- column check: text | customer_rep_unknown (error: customers.salesRepEmployeeNumber not in employees)
-- column table: text | customers
-- column key: text | customerNumber
-- column column: text | salesRepEmployeeNumber
-- column value: text | the unknown employee number
-- column severity: text | error
SELECT
    'customer_rep_unknown' AS "check",
    'customers' AS "table",
    CAST(c.customerNumber AS VARCHAR) AS "key",
    'salesRepEmployeeNumber' AS "column",
    CAST(c.salesRepEmployeeNumber AS VARCHAR) AS "value",
    'error' AS severity
FROM customers AS c
WHERE c.salesRepEmployeeNumber IS NOT NULL
    AND NOT EXISTS (
        SELECT 1 FROM employees AS e WHERE e.employeeNumber = c.salesRepEmployeeNumber
    )
ORDER BY c.customerNumber
