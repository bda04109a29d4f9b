-- fragment: order_revenue
-- CTEs included with the line `-- include: order_revenue` right after `WITH`; the query needs an
-- `as_of` date parameter.
--   order_revenue (orderNumber, customerNumber, orderDate, revenue): every order not Cancelled
--     placed up to as_of, with its revenue (Σ quantityOrdered × priceEach, DOUBLE: round after
--     summing), from the per-order totals of the order_totals fragment (included here too).
-- include: order_totals
order_revenue AS (
    SELECT o.orderNumber, o.customerNumber, o.orderDate, t.order_value AS revenue
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
),
