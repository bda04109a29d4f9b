-- fragment: rep_customer_sales
-- CTEs included with the line `-- include: rep_customer_sales` right after `WITH`; the query needs
-- an `as_of` date parameter.
--   customer_sales (customerNumber, salesRepEmployeeNumber, orders, revenue): every customer with
--     a sales rep, its orders (not Cancelled, placed up to as_of) and their revenue (NULL
--     without orders), from order_revenue (included here too).
-- Orders are summed per customer first (customers joined inside that GROUP BY), so the reps' and
-- offices' DISTINCT counts run over customers, not over every order. An aggregate joined back on
-- its own key would let MariaDB re-run the per-order totals once per customer (split
-- materialization).
-- include: order_revenue
customer_sales AS (
    SELECT
        c.customerNumber,
        c.salesRepEmployeeNumber,
        COUNT(r.orderNumber) AS orders,
        SUM(r.revenue) AS revenue
    FROM customers AS c
    LEFT JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    WHERE c.salesRepEmployeeNumber IS NOT NULL
    GROUP BY c.customerNumber, c.salesRepEmployeeNumber
),
