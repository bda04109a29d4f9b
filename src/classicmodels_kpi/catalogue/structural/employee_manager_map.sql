-- title: Employees and their managers
-- question: For each employee, who is the manager, and do they work in the same office?
-- column employeeNumber: int | employee key
-- column employee_name: text | lastName, firstName
-- column jobTitle: text | job title
-- column officeCode: text | the employee's office
-- column office_city: text | city of that office
-- column reportsTo: int | manager's employeeNumber; empty at the top
-- column manager_name: text | lastName, firstName of the manager; empty at the top or when unknown
-- column manager_jobTitle: text | the manager's job title
-- column manager_officeCode: text | the manager's office
-- column same_office: bool | employee and manager share an office; empty without a manager
-- column direct_reports: int | employees reporting directly to this one
WITH reports AS (
    SELECT reportsTo AS employeeNumber, COUNT(*) AS direct_reports
    FROM employees
    WHERE reportsTo IS NOT NULL
    GROUP BY reportsTo
)
SELECT
    e.employeeNumber,
    e.lastName || ', ' || e.firstName AS employee_name,
    e.jobTitle,
    e.officeCode,
    f.city AS office_city,
    e.reportsTo,
    m.lastName || ', ' || m.firstName AS manager_name,
    m.jobTitle AS manager_jobTitle,
    m.officeCode AS manager_officeCode,
    CASE
        WHEN m.employeeNumber IS NULL THEN NULL
        WHEN m.officeCode = e.officeCode THEN 1
        ELSE 0
    END AS same_office,
    COALESCE(r.direct_reports, 0) AS direct_reports
FROM employees AS e
LEFT JOIN employees AS m ON m.employeeNumber = e.reportsTo
LEFT JOIN offices AS f ON f.officeCode = e.officeCode
LEFT JOIN reports AS r ON r.employeeNumber = e.employeeNumber
ORDER BY e.employeeNumber
