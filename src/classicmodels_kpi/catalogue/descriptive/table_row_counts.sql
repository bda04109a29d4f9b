-- title: Rows and columns per table
-- question: How much data does each ClassicModels table hold?
-- column table_name: text | canonical table name
-- column row_count: int | rows in the table
-- column column_count: int | columns the ClassicModels schema defines for the table
SELECT 'customers' AS table_name, COUNT(*) AS row_count, 13 AS column_count FROM customers
UNION ALL
SELECT 'employees', COUNT(*), 8 FROM employees
UNION ALL
SELECT 'offices', COUNT(*), 9 FROM offices
UNION ALL
SELECT 'orderdetails', COUNT(*), 5 FROM orderdetails
UNION ALL
SELECT 'orders', COUNT(*), 7 FROM orders
UNION ALL
SELECT 'payments', COUNT(*), 4 FROM payments
UNION ALL
SELECT 'productlines', COUNT(*), 4 FROM productlines
UNION ALL
SELECT 'products', COUNT(*), 9 FROM products
ORDER BY table_name
