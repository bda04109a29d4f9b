-- title: Missing values
-- question: Which rows lack a value the business needs (required columns, sales rep, credit limit, ship date)?
-- column check: text | required_value_missing (error: a NOT NULL column of the schema is empty), shipped_without_date (error: status Shipped but no shippedDate), credit_limit_missing (warning), customer_without_rep (info: no salesRepEmployeeNumber)
-- column table: text | table holding the row
-- column key: text | primary key of the row; composite keys joined with /
-- column column: text | the empty column
-- column value: text | always empty here
-- column severity: text | error, warning or info
-- option raw_dates
WITH findings AS (
    SELECT
        'required_value_missing' AS "check",
        'offices' AS "table",
        CAST(officeCode AS VARCHAR) AS "key",
        'officeCode' AS "column",
        CAST(NULL AS VARCHAR) AS "value",
        'error' AS severity
    FROM offices WHERE officeCode IS NULL
    UNION ALL
    SELECT 'required_value_missing', 'offices', CAST(officeCode AS VARCHAR), 'city', NULL, 'error'
    FROM offices WHERE city IS NULL
    UNION ALL
    SELECT 'required_value_missing', 'offices', CAST(officeCode AS VARCHAR), 'phone', NULL, 'error'
    FROM offices WHERE phone IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'offices',
        CAST(officeCode AS VARCHAR),
        'addressLine1', NULL, 'error'
    FROM offices WHERE addressLine1 IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'offices',
        CAST(officeCode AS VARCHAR),
        'country', NULL, 'error'
    FROM offices WHERE country IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'offices',
        CAST(officeCode AS VARCHAR),
        'postalCode', NULL, 'error'
    FROM offices WHERE postalCode IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'offices',
        CAST(officeCode AS VARCHAR),
        'territory', NULL, 'error'
    FROM offices WHERE territory IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'employeeNumber', NULL, 'error'
    FROM employees WHERE employeeNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'lastName', NULL, 'error'
    FROM employees WHERE lastName IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'firstName', NULL, 'error'
    FROM employees WHERE firstName IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'extension', NULL, 'error'
    FROM employees WHERE extension IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'email', NULL, 'error'
    FROM employees WHERE email IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'officeCode', NULL, 'error'
    FROM employees WHERE officeCode IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'employees',
        CAST(employeeNumber AS VARCHAR),
        'jobTitle', NULL, 'error'
    FROM employees WHERE jobTitle IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'customerNumber', NULL, 'error'
    FROM customers WHERE customerNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'customerName', NULL, 'error'
    FROM customers WHERE customerName IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'contactLastName', NULL, 'error'
    FROM customers WHERE contactLastName IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'contactFirstName', NULL, 'error'
    FROM customers WHERE contactFirstName IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'phone', NULL, 'error'
    FROM customers WHERE phone IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'addressLine1', NULL, 'error'
    FROM customers WHERE addressLine1 IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'city', NULL, 'error'
    FROM customers WHERE city IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'customers',
        CAST(customerNumber AS VARCHAR),
        'country', NULL, 'error'
    FROM customers WHERE country IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'productlines',
        CAST(productLine AS VARCHAR),
        'productLine', NULL, 'error'
    FROM productlines WHERE productLine IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'productCode', NULL, 'error'
    FROM products WHERE productCode IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'productName', NULL, 'error'
    FROM products WHERE productName IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'productLine', NULL, 'error'
    FROM products WHERE productLine IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'productScale', NULL, 'error'
    FROM products WHERE productScale IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'productVendor', NULL, 'error'
    FROM products WHERE productVendor IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'productDescription', NULL, 'error'
    FROM products WHERE productDescription IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'quantityInStock', NULL, 'error'
    FROM products WHERE quantityInStock IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'products',
        CAST(productCode AS VARCHAR),
        'buyPrice', NULL, 'error'
    FROM products WHERE buyPrice IS NULL
    UNION ALL
    SELECT 'required_value_missing', 'products', CAST(productCode AS VARCHAR), 'MSRP', NULL, 'error'
    FROM products WHERE MSRP IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orders',
        CAST(orderNumber AS VARCHAR),
        'orderNumber', NULL, 'error'
    FROM orders WHERE orderNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orders',
        CAST(orderNumber AS VARCHAR),
        'orderDate', NULL, 'error'
    FROM orders WHERE orderDate IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orders',
        CAST(orderNumber AS VARCHAR),
        'requiredDate', NULL, 'error'
    FROM orders WHERE requiredDate IS NULL
    UNION ALL
    SELECT 'required_value_missing', 'orders', CAST(orderNumber AS VARCHAR), 'status', NULL, 'error'
    FROM orders WHERE status IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orders',
        CAST(orderNumber AS VARCHAR),
        'customerNumber', NULL, 'error'
    FROM orders WHERE customerNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'orderNumber', NULL, 'error'
    FROM orderdetails WHERE orderNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'productCode', NULL, 'error'
    FROM orderdetails WHERE productCode IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'quantityOrdered', NULL, 'error'
    FROM orderdetails WHERE quantityOrdered IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'priceEach', NULL, 'error'
    FROM orderdetails WHERE priceEach IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'orderdetails',
        CAST(orderNumber AS VARCHAR) || '/' || CAST(productCode AS VARCHAR),
        'orderLineNumber', NULL, 'error'
    FROM orderdetails WHERE orderLineNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'customerNumber', NULL, 'error'
    FROM payments WHERE customerNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'checkNumber', NULL, 'error'
    FROM payments WHERE checkNumber IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'paymentDate', NULL, 'error'
    FROM payments WHERE paymentDate IS NULL
    UNION ALL
    SELECT
        'required_value_missing', 'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'amount', NULL, 'error'
    FROM payments WHERE amount IS NULL
    UNION ALL
    SELECT 'shipped_without_date', 'orders', CAST(orderNumber AS VARCHAR), 'shippedDate', NULL, 'error'
    FROM orders WHERE status = 'Shipped' AND shippedDate IS NULL
    UNION ALL
    SELECT 'credit_limit_missing', 'customers', CAST(customerNumber AS VARCHAR), 'creditLimit', NULL, 'warning'
    FROM customers WHERE creditLimit IS NULL
    UNION ALL
    SELECT
        'customer_without_rep', 'customers', CAST(customerNumber AS VARCHAR), 'salesRepEmployeeNumber',
        NULL, 'info'
    FROM customers WHERE salesRepEmployeeNumber IS NULL
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY
    CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
    "check", "table", "column", "key"
