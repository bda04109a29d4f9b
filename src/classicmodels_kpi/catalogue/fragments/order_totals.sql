-- fragment: order_totals
-- One CTE, included with the line `-- include: order_totals` right after `WITH`:
--   order_totals (orderNumber, lines, units, order_value): every order's totals straight off the
--   orderdetails key (order_value in DOUBLE; round after summing). Joined to the orders
--   afterwards, it is one cheap pass over the lines instead of grouping the joined lines by
--   several columns.
order_totals AS (
    SELECT
        orderNumber,
        COUNT(*) AS lines,
        SUM(quantityOrdered) AS units,
        SUM(CAST(quantityOrdered AS DOUBLE) * priceEach) AS order_value
    FROM orderdetails
    GROUP BY orderNumber
),
