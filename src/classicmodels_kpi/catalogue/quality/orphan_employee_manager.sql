-- title: Employees reporting to an unknown manager
-- question: Which employees report to someone who is not on the employee list, or sit in an office that does not exist?
-- column check: text | manager_unknown (error: employees.reportsTo not in employees), office_unknown (error: employees.officeCode not in offices)
-- column table: text | employees
-- column key: text | employeeNumber
-- column column: text | reportsTo or officeCode
-- column value: text | the value that matches nothing
-- column severity: text | error
WITH findings AS (
    SELECT
        'manager_unknown' AS "check",
        'employees' AS "table",
        CAST(e.employeeNumber AS VARCHAR) AS "key",
        'reportsTo' AS "column",
        CAST(e.reportsTo AS VARCHAR) AS "value",
        'error' AS severity
    FROM employees AS e
    WHERE e.reportsTo IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM employees AS m WHERE m.employeeNumber = e.reportsTo)
    UNION ALL
    SELECT
        'office_unknown',
        'employees',
        CAST(e.employeeNumber AS VARCHAR),
        'officeCode',
        CAST(e.officeCode AS VARCHAR),
        'error'
    FROM employees AS e
    WHERE NOT EXISTS (SELECT 1 FROM offices AS f WHERE f.officeCode = e.officeCode)
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY "check", "key"
