-- title: Monthly trend of one product
-- question: Month by month, how is one product selling against last month and the same month last year?
-- param product_code: text | the product (productCode); when not given, the product with the highest revenue up to as_of
-- param as_of: date = latest_order_date | months up to the one holding this date; orders after it do not count
-- column productCode: text | the product; no rows when the code is unknown
-- column productName: text | products.productName
-- column productLine: text | products.productLine
-- column month: date | first day of the calendar month; every month from the first order (any product) to as_of, missing months filled with 0
-- column complete: bool | the month's last day is on or before as_of
-- column units: int | Σ quantityOrdered over orders not Cancelled placed in the month
-- column orders: int | orders (not Cancelled) with the product (one line per product per order: the orderdetails key)
-- column revenue: money | USD, Σ quantityOrdered × priceEach
-- column avg_price: money | USD per unit, revenue / units (NULL in months without sales)
-- column revenue_prev_month: money | USD, revenue of the month before (NULL for the first month)
-- column mom_pct: pct | 100 × (revenue − revenue_prev_month) / revenue_prev_month (NULL when that is 0 or missing)
-- column revenue_last_year: money | USD, revenue of the same month a year before: LAG 12 over calendar-filled months
-- column yoy_pct: pct | 100 × (revenue − revenue_last_year) / revenue_last_year (NULL when that is 0 or missing)
-- column rolling_3m_avg: money | USD, mean revenue of this month and the two before (NULL for the first two months)
-- column units_rolling_3m_avg: float | mean units of this month and the two before (NULL for the first two months)
WITH RECURSIVE
-- include: calendar_months
best_seller AS (
    SELECT d.productCode
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    GROUP BY d.productCode
    ORDER BY SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) DESC, d.productCode
    LIMIT 1
),
chosen AS (
    SELECT p.productCode, p.productName, p.productLine
    FROM products AS p
    WHERE p.productCode
        = COALESCE(CAST(:product_code AS VARCHAR), (SELECT productCode FROM best_seller))
),
month_sales AS (
    SELECT
        m.month_index,
        SUM(d.quantityOrdered) AS units,
        COUNT(*) AS orders,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    JOIN chosen AS c ON c.productCode = d.productCode
    GROUP BY m.month_index
),
filled AS (
    SELECT
        c.productCode,
        c.productName,
        c.productLine,
        m.month_index,
        m.month_start,
        m.complete,
        COALESCE(s.units, 0) AS units,
        COALESCE(s.orders, 0) AS orders,
        ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue
    FROM chosen AS c
    CROSS JOIN months AS m
    LEFT JOIN month_sales AS s ON s.month_index = m.month_index
),
windowed AS (
    SELECT
        f.*,
        LAG(f.revenue, 1) OVER by_month AS revenue_prev_month,
        LAG(f.revenue, 2) OVER by_month AS revenue_two_months_ago,
        LAG(f.revenue, 12) OVER by_month AS revenue_last_year,
        LAG(f.units, 1) OVER by_month AS units_prev_month,
        LAG(f.units, 2) OVER by_month AS units_two_months_ago
    FROM filled AS f
    WINDOW by_month AS (ORDER BY f.month_index)
)
SELECT
    productCode,
    productName,
    productLine,
    month_start AS month,
    complete,
    units,
    orders,
    revenue,
    CAST(revenue AS DOUBLE) / NULLIF(units, 0) AS avg_price,
    revenue_prev_month,
    100.0 * (CAST(revenue AS DOUBLE) - CAST(revenue_prev_month AS DOUBLE))
        / NULLIF(CAST(revenue_prev_month AS DOUBLE), 0) AS mom_pct,
    revenue_last_year,
    100.0 * (CAST(revenue AS DOUBLE) - CAST(revenue_last_year AS DOUBLE))
        / NULLIF(CAST(revenue_last_year AS DOUBLE), 0) AS yoy_pct,
    -- NULL until two months precede: LAG 2 is NULL there
    (CAST(revenue AS DOUBLE) + revenue_prev_month + revenue_two_months_ago) / 3 AS rolling_3m_avg,
    (CAST(units AS DOUBLE) + units_prev_month + units_two_months_ago) / 3 AS units_rolling_3m_avg
FROM windowed
ORDER BY month_index
