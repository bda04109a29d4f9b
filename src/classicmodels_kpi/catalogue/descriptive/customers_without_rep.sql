-- title: Customers without a sales rep
-- question: Which customers have nobody assigned to look after them, and what do they buy?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column customerNumber: int | customer key
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column city: text | customer city
-- column creditLimit: money | USD
-- column orders: int | orders not Cancelled, up to as_of
-- column revenue: money | USD, Σ quantityOrdered × priceEach over those orders
-- column last_order_date: date | latest orderDate of those orders; empty when none
WITH customer_sales AS (
    SELECT
        o.customerNumber,
        COUNT(DISTINCT o.orderNumber) AS orders,
        ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS revenue,
        MAX(o.orderDate) AS last_order_date
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
        AND o.customerNumber IN (
            SELECT customerNumber FROM customers WHERE salesRepEmployeeNumber IS NULL
        )
    GROUP BY o.customerNumber
)
SELECT
    c.customerNumber,
    c.customerName,
    TRIM(c.country) AS country,
    c.city,
    c.creditLimit,
    COALESCE(s.orders, 0) AS orders,
    COALESCE(s.revenue, 0) AS revenue,
    s.last_order_date
FROM customers AS c
LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
WHERE c.salesRepEmployeeNumber IS NULL
ORDER BY revenue DESC, c.customerNumber
