-- title: Balances above the credit limit
-- question: Which customers owe us more than the credit limit we granted them?
-- param as_of: date = latest_order_date | orders and payments dated after this day are ignored
-- column customerNumber: int | customer key; only customers whose balance exceeds their limit
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | assigned sales rep; empty when none
-- column creditLimit: money | USD (empty counts as 0)
-- column invoiced: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column paid: money | USD, Σ payments.amount
-- column outstanding_balance: money | USD, invoiced − paid
-- column excess_over_limit: money | USD, outstanding_balance − creditLimit
-- column credit_used_pct: pct | outstanding_balance / creditLimit × 100; empty when the limit is 0
-- column last_payment_date: date | latest paymentDate; empty when none
-- column days_since_last_payment: int | days from last_payment_date to as_of; empty when none
WITH invoiced AS (
    SELECT o.customerNumber, ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS invoiced
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
),
paid AS (
    SELECT customerNumber, ROUND(SUM(amount), 2) AS paid, MAX(paymentDate) AS last_payment_date
    FROM payments
    WHERE paymentDate <= CAST(:as_of AS DATE)
    GROUP BY customerNumber
),
balances AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COALESCE(c.creditLimit, 0) AS creditLimit,
        i.invoiced,
        COALESCE(p.paid, 0) AS paid,
        ROUND(i.invoiced - COALESCE(p.paid, 0), 2) AS outstanding_balance,
        p.last_payment_date
    FROM customers AS c
    JOIN invoiced AS i ON i.customerNumber = c.customerNumber
    LEFT JOIN paid AS p ON p.customerNumber = c.customerNumber
)
SELECT
    customerNumber,
    customerName,
    country,
    salesRepEmployeeNumber,
    creditLimit,
    invoiced,
    paid,
    outstanding_balance,
    ROUND(outstanding_balance - creditLimit, 2) AS excess_over_limit,
    100.0 * CAST(outstanding_balance AS DOUBLE) / NULLIF(creditLimit, 0) AS credit_used_pct,
    last_payment_date,
    DATE_DIFF('day', last_payment_date, CAST(:as_of AS DATE)) AS days_since_last_payment
FROM balances
WHERE outstanding_balance > creditLimit
ORDER BY excess_over_limit DESC, customerNumber
