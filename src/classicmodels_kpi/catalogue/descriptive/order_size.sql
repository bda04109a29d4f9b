-- title: Order size
-- question: How large is each order, in lines, units and value, and where does it sit among all orders?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column orderNumber: int | order key; orders not Cancelled, up to as_of
-- column orderDate: date | order date
-- column customerNumber: int | the customer
-- column status: text | order status
-- column lines: int | order lines
-- column units: int | Σ quantityOrdered
-- column order_value: money | USD, Σ quantityOrdered × priceEach
-- column value_percentile: pct | PERCENT_RANK of order_value among these orders, 0–100
WITH
-- include: order_totals
order_values AS (
    SELECT
        o.orderNumber,
        o.orderDate,
        o.customerNumber,
        o.status,
        t.lines,
        t.units,
        ROUND(CAST(t.order_value AS DECIMAL(18, 2)), 2) AS order_value
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
)
SELECT
    orderNumber,
    orderDate,
    customerNumber,
    status,
    lines,
    units,
    order_value,
    100.0 * PERCENT_RANK() OVER (ORDER BY order_value) AS value_percentile
FROM order_values
ORDER BY order_value DESC, orderNumber
