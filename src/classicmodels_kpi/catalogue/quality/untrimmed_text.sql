-- title: Text with stray spaces
-- question: Which values that the catalogue groups or joins on carry leading or trailing spaces?
-- column check: text | untrimmed_text (warning: 'Norway  ' and 'Norway' would count as two countries without TRIM; the catalogue trims country, other keys must match exactly)
-- column table: text | table holding the row
-- column key: text | primary key of the row; composite keys joined with /
-- column column: text | the column
-- column value: text | the value as stored, spaces included
-- column severity: text | warning
-- Checked: country, city and territory of offices, country of customers, product line and product
-- codes, office codes, job titles, order status, check numbers. Free text (names, addresses,
-- phones, comments) is not checked: stray spaces there change no figure.
-- LENGTH, not <>, because MySQL/MariaDB compare strings ignoring trailing spaces.
WITH findings AS (
    SELECT
        'customers' AS table_name,
        CAST(customerNumber AS VARCHAR) AS row_key,
        'country' AS column_name,
        country AS raw_value
    FROM customers WHERE LENGTH(country) <> LENGTH(TRIM(country))
    UNION ALL
    SELECT 'offices', CAST(officeCode AS VARCHAR), 'country', country
    FROM offices WHERE LENGTH(country) <> LENGTH(TRIM(country))
    UNION ALL
    SELECT 'offices', CAST(officeCode AS VARCHAR), 'city', city
    FROM offices WHERE LENGTH(city) <> LENGTH(TRIM(city))
    UNION ALL
    SELECT 'offices', CAST(officeCode AS VARCHAR), 'territory', territory
    FROM offices WHERE LENGTH(territory) <> LENGTH(TRIM(territory))
    UNION ALL
    SELECT 'offices', CAST(officeCode AS VARCHAR), 'officeCode', officeCode
    FROM offices WHERE LENGTH(officeCode) <> LENGTH(TRIM(officeCode))
    UNION ALL
    SELECT 'employees', CAST(employeeNumber AS VARCHAR), 'officeCode', officeCode
    FROM employees WHERE LENGTH(officeCode) <> LENGTH(TRIM(officeCode))
    UNION ALL
    SELECT 'employees', CAST(employeeNumber AS VARCHAR), 'jobTitle', jobTitle
    FROM employees WHERE LENGTH(jobTitle) <> LENGTH(TRIM(jobTitle))
    UNION ALL
    SELECT 'productlines', CAST(productLine AS VARCHAR), 'productLine', productLine
    FROM productlines WHERE LENGTH(productLine) <> LENGTH(TRIM(productLine))
    UNION ALL
    SELECT 'products', CAST(productCode AS VARCHAR), 'productCode', productCode
    FROM products WHERE LENGTH(productCode) <> LENGTH(TRIM(productCode))
    UNION ALL
    SELECT 'products', CAST(productCode AS VARCHAR), 'productLine', productLine
    FROM products WHERE LENGTH(productLine) <> LENGTH(TRIM(productLine))
    UNION ALL
    SELECT
        'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'productCode',
        productCode
    FROM orderdetails WHERE LENGTH(productCode) <> LENGTH(TRIM(productCode))
    UNION ALL
    SELECT 'orders', CAST(orderNumber AS VARCHAR), 'status', status
    FROM orders WHERE LENGTH(status) <> LENGTH(TRIM(status))
    UNION ALL
    SELECT
        'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'checkNumber',
        checkNumber
    FROM payments WHERE LENGTH(checkNumber) <> LENGTH(TRIM(checkNumber))
)
SELECT
    'untrimmed_text' AS "check",
    table_name AS "table",
    row_key AS "key",
    column_name AS "column",
    raw_value AS "value",
    'warning' AS severity
FROM findings
ORDER BY table_name, column_name, row_key
