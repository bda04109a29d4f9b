-- title: Product line monthly trend
-- question: Month by month, is each product line growing against last month and against the same month last year?
-- param as_of: date = latest_order_date | months up to the one holding this date; orders after it do not count
-- column productLine: text | every product line
-- column month: date | first day of the calendar month; every month from the first order to as_of, missing months filled with 0
-- column complete: bool | the month's last day is on or before as_of
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled placed in the month
-- column units: int | Σ quantityOrdered
-- column revenue_prev_month: money | USD, revenue of the month before (NULL for the first month)
-- column mom_pct: pct | 100 × (revenue − revenue_prev_month) / revenue_prev_month (NULL when that is 0 or missing)
-- column revenue_last_year: money | USD, revenue of the same month a year before: LAG 12 over calendar-filled months
-- column yoy_pct: pct | 100 × (revenue − revenue_last_year) / revenue_last_year (NULL when that is 0 or missing)
-- column rolling_3m_avg: money | USD, mean revenue of this month and the two before (NULL for the first two months)
-- column share_of_month_pct: pct | 100 × revenue / revenue of all product lines in the month (NULL when the month has none)
WITH RECURSIVE
-- include: calendar_months
line_month_sales AS (
    SELECT
        p.productLine,
        m.month_index,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue,
        SUM(d.quantityOrdered) AS units
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    JOIN products AS p ON p.productCode = d.productCode
    GROUP BY p.productLine, m.month_index
),
filled AS (
    SELECT
        l.productLine,
        m.month_index,
        m.month_start,
        m.complete,
        ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue,
        COALESCE(s.units, 0) AS units
    FROM productlines AS l
    CROSS JOIN months AS m
    LEFT JOIN line_month_sales AS s
        ON s.productLine = l.productLine AND s.month_index = m.month_index
),
windowed AS (
    SELECT
        f.*,
        LAG(f.revenue, 1) OVER by_line AS revenue_prev_month,
        LAG(f.revenue, 2) OVER by_line AS revenue_two_months_ago,
        LAG(f.revenue, 12) OVER by_line AS revenue_last_year,
        SUM(f.revenue) OVER (PARTITION BY f.month_index) AS month_revenue
    FROM filled AS f
    WINDOW by_line AS (PARTITION BY f.productLine ORDER BY f.month_index)
)
SELECT
    productLine,
    month_start AS month,
    complete,
    revenue,
    units,
    revenue_prev_month,
    100.0 * (CAST(revenue AS DOUBLE) - CAST(revenue_prev_month AS DOUBLE))
        / NULLIF(CAST(revenue_prev_month AS DOUBLE), 0) AS mom_pct,
    revenue_last_year,
    100.0 * (CAST(revenue AS DOUBLE) - CAST(revenue_last_year AS DOUBLE))
        / NULLIF(CAST(revenue_last_year AS DOUBLE), 0) AS yoy_pct,
    -- NULL until two months precede: LAG 2 is NULL there
    (CAST(revenue AS DOUBLE) + revenue_prev_month + revenue_two_months_ago) / 3 AS rolling_3m_avg,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(month_revenue AS DOUBLE), 0) AS share_of_month_pct
FROM windowed
ORDER BY productLine, month_index
