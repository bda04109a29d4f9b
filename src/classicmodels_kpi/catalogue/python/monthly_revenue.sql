-- Monthly revenue over complete calendar months, zeros filled: the input of revenue_forecast.
-- Not a catalogue query of its own (it lives outside the layer folders); read by forecast.py.
-- param as_of: date | the last month is the last one whose last day is on or before as_of
WITH RECURSIVE
-- include: calendar_months
month_sales AS (
    SELECT m.month_index, SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    GROUP BY m.month_index
)
SELECT
    m.month_start,
    ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue
FROM months AS m
LEFT JOIN month_sales AS s ON s.month_index = m.month_index
WHERE m.complete = 1
ORDER BY m.month_index
