-- title: Employee hierarchy
-- question: Who reports to whom: the whole tree with each person's level and path, or one employee's chain of command?
-- param employee_number: int = 0 range 0.. | 0 for the whole tree; an employeeNumber for that employee's chain, from the top down to them
-- column employeeNumber: int | employee key
-- column employee_name: text | lastName, firstName
-- column jobTitle: text | job title
-- column officeCode: text | the employee's office
-- column reportsTo: int | manager's employeeNumber; empty at the top
-- column level: int | 1 at the top of the tree, +1 per step down
-- column path: text | names from the top down to the employee, joined with ' > '
-- column direct_reports: int | employees reporting directly to this one
-- The top of the tree is whoever reports to nobody, or to someone not on the list (orphan_employee_manager
-- reports those). The walk stops at 30 levels, so a reporting loop cannot run forever.
-- NVARCHAR(2000) keeps its length through sqlglot: MariaDB types a recursive column by its first row
-- and would reject longer paths (MySQL 8 wants CHAR(n) in CAST; tested on MariaDB 10.11).
WITH RECURSIVE tree (employeeNumber, level, path, id_path) AS (
    SELECT
        e.employeeNumber,
        1,
        CAST(e.lastName || ', ' || e.firstName AS NVARCHAR(2000)),
        CAST('/' || CAST(e.employeeNumber AS VARCHAR) || '/' AS NVARCHAR(2000))
    FROM employees AS e
    WHERE e.reportsTo IS NULL
        OR NOT EXISTS (SELECT 1 FROM employees AS m WHERE m.employeeNumber = e.reportsTo)
    UNION ALL
    SELECT
        e.employeeNumber,
        t.level + 1,
        CAST(t.path || ' > ' || e.lastName || ', ' || e.firstName AS NVARCHAR(2000)),
        CAST(t.id_path || CAST(e.employeeNumber AS VARCHAR) || '/' AS NVARCHAR(2000))
    FROM employees AS e
    JOIN tree AS t ON e.reportsTo = t.employeeNumber
    WHERE t.level < 30
),
reports AS (
    SELECT reportsTo AS employeeNumber, COUNT(*) AS direct_reports
    FROM employees
    WHERE reportsTo IS NOT NULL
    GROUP BY reportsTo
),
chosen AS (
    SELECT id_path FROM tree WHERE employeeNumber = :employee_number
)
SELECT
    t.employeeNumber,
    e.lastName || ', ' || e.firstName AS employee_name,
    e.jobTitle,
    e.officeCode,
    e.reportsTo,
    t.level,
    t.path,
    COALESCE(r.direct_reports, 0) AS direct_reports
FROM tree AS t
JOIN employees AS e ON e.employeeNumber = t.employeeNumber
LEFT JOIN reports AS r ON r.employeeNumber = t.employeeNumber
WHERE :employee_number = 0
    OR EXISTS (
        SELECT 1 FROM chosen AS c
        WHERE SUBSTR(c.id_path, 1, LENGTH(t.id_path)) = t.id_path
    )
ORDER BY t.id_path
