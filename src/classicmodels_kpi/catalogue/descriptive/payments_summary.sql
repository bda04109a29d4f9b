-- title: Payments against invoices
-- question: For each customer, how much was invoiced, how much was paid, and what is still owed?
-- param as_of: date = latest_order_date | orders and payments dated after this day are ignored
-- column customerNumber: int | customers with an order not Cancelled or a payment, up to as_of
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column creditLimit: money | USD
-- column invoiced: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled (every such order counts as invoiced)
-- column paid: money | USD, Σ payments.amount
-- column outstanding_balance: money | USD, invoiced − paid; negative when paid in advance
-- column paid_pct: pct | paid / invoiced × 100; empty when nothing was invoiced
-- column payments: int | number of payments
-- column last_payment_date: date | latest paymentDate; empty when none
WITH
-- include: order_totals
invoiced AS (
    SELECT
        o.customerNumber,
        ROUND(CAST(SUM(t.order_value) AS DECIMAL(18, 2)), 2) AS invoiced
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
),
paid AS (
    SELECT
        customerNumber,
        ROUND(SUM(amount), 2) AS paid,
        COUNT(*) AS payments,
        MAX(paymentDate) AS last_payment_date
    FROM payments
    WHERE paymentDate <= CAST(:as_of AS DATE)
    GROUP BY customerNumber
),
balances AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.creditLimit,
        COALESCE(i.invoiced, 0) AS invoiced,
        COALESCE(p.paid, 0) AS paid,
        COALESCE(p.payments, 0) AS payments,
        p.last_payment_date
    FROM customers AS c
    LEFT JOIN invoiced AS i ON i.customerNumber = c.customerNumber
    LEFT JOIN paid AS p ON p.customerNumber = c.customerNumber
    WHERE i.customerNumber IS NOT NULL OR p.customerNumber IS NOT NULL
)
SELECT
    customerNumber,
    customerName,
    country,
    creditLimit,
    invoiced,
    paid,
    ROUND(invoiced - paid, 2) AS outstanding_balance,
    100.0 * CAST(paid AS DOUBLE) / NULLIF(invoiced, 0) AS paid_pct,
    payments,
    last_payment_date
FROM balances
ORDER BY outstanding_balance DESC, customerNumber
