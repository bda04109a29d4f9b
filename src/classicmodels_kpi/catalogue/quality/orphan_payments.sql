-- title: Payments and orders from unknown customers
-- question: Which payments, or orders, name a customer who is not on the customer list?
-- column check: text | payment_customer_unknown (error: payments.customerNumber not in customers), order_customer_unknown (error: orders.customerNumber not in customers)
-- column table: text | payments or orders
-- column key: text | customerNumber/checkNumber of the payment, or orderNumber
-- column column: text | customerNumber
-- column value: text | the unknown customer number
-- column severity: text | error
WITH findings AS (
    SELECT
        'payment_customer_unknown' AS "check",
        'payments' AS "table",
        CAST(p.customerNumber AS VARCHAR) || '/' || CAST(p.checkNumber AS VARCHAR) AS "key",
        'customerNumber' AS "column",
        CAST(p.customerNumber AS VARCHAR) AS "value",
        'error' AS severity
    FROM payments AS p
    WHERE NOT EXISTS (SELECT 1 FROM customers AS c WHERE c.customerNumber = p.customerNumber)
    UNION ALL
    SELECT
        'order_customer_unknown',
        'orders',
        CAST(o.orderNumber AS VARCHAR),
        'customerNumber',
        CAST(o.customerNumber AS VARCHAR),
        'error'
    FROM orders AS o
    WHERE NOT EXISTS (SELECT 1 FROM customers AS c WHERE c.customerNumber = o.customerNumber)
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY "check", "key"
