-- title: Monthly sales
-- question: Month by month, how much did we sell, to how many customers, and did we ship on time?
-- param as_of: date = latest_order_date | the last month shown is the month of this date; later orders are ignored
-- column month: text | calendar month YYYY-MM, from the first order's month to as_of's month; months without orders show zeros
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled dated in the month
-- column orders: int | orders not Cancelled dated in the month
-- column active_customers: int | distinct customers with such an order in the month
-- column aov: money | USD, revenue / orders; empty in a month without orders
-- column shipped_orders: int | orders of any status shipped in the month (shippedDate up to as_of, requiredDate known)
-- column on_time_orders: int | of those, shipped on or before requiredDate
-- column on_time_pct: pct | on_time_orders / shipped_orders × 100; empty when nothing shipped
WITH RECURSIVE
-- include: year_months
-- include: order_revenue
-- the per-order totals of order_revenue: one pass over the order lines by their key, instead of
-- grouping the joined lines by order, customer and date
order_values AS (
    SELECT
        customerNumber,
        CAST(STRFTIME(orderDate, '%Y') AS INTEGER) * 12
            + CAST(STRFTIME(orderDate, '%m') AS INTEGER) AS month_index,
        ROUND(CAST(revenue AS DECIMAL(18, 2)), 2) AS order_value
    FROM order_revenue
),
monthly_orders AS (
    SELECT
        month_index,
        ROUND(SUM(order_value), 2) AS revenue,
        COUNT(*) AS orders,
        COUNT(DISTINCT customerNumber) AS active_customers
    FROM order_values
    GROUP BY month_index
),
shipments AS (
    SELECT
        CAST(STRFTIME(shippedDate, '%Y') AS INTEGER) * 12
            + CAST(STRFTIME(shippedDate, '%m') AS INTEGER) AS month_index,
        CASE WHEN shippedDate <= requiredDate THEN 1 ELSE 0 END AS on_time
    FROM orders
    WHERE shippedDate <= CAST(:as_of AS DATE) AND requiredDate IS NOT NULL
),
monthly_shipping AS (
    SELECT month_index, COUNT(*) AS shipped_orders, SUM(on_time) AS on_time_orders
    FROM shipments
    GROUP BY month_index
)
SELECT
    CAST(c.calendar_year AS VARCHAR) || '-'
        || CASE WHEN c.calendar_month < 10 THEN '0' ELSE '' END
        || CAST(c.calendar_month AS VARCHAR) AS month,
    COALESCE(m.revenue, 0) AS revenue,
    COALESCE(m.orders, 0) AS orders,
    COALESCE(m.active_customers, 0) AS active_customers,
    CAST(m.revenue AS DOUBLE) / NULLIF(m.orders, 0) AS aov,
    COALESCE(s.shipped_orders, 0) AS shipped_orders,
    COALESCE(s.on_time_orders, 0) AS on_time_orders,
    100.0 * CAST(s.on_time_orders AS DOUBLE) / NULLIF(s.shipped_orders, 0) AS on_time_pct
FROM calendar AS c
LEFT JOIN monthly_orders AS m ON m.month_index = c.calendar_year * 12 + c.calendar_month
LEFT JOIN monthly_shipping AS s ON s.month_index = c.calendar_year * 12 + c.calendar_month
ORDER BY c.calendar_year, c.calendar_month
