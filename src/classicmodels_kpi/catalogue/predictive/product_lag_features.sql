-- title: Lag features per product and month
-- question: For demand models, what did each product sell 1, 2 and 12 months before, and the month after?
-- param as_of: date = latest_order_date | only complete months up to this date (a month whose last day is on or before it)
-- column productCode: text | every product sold at least once up to as_of
-- column productLine: text | products.productLine
-- column month: date | first day of the calendar month; calendar-filled, complete months only
-- column month_of_year: int | 1–12
-- column units: int | Σ quantityOrdered over orders not Cancelled placed in the month
-- column units_lag_1: int | units one month before (NULL before the series starts)
-- column units_lag_2: int | units two months before
-- column units_lag_12: int | units in the same month a year before
-- column units_lead_1: int | units in the next month: the target to predict (NULL for the last month)
-- column revenue: money | USD, Σ quantityOrdered × priceEach
-- column revenue_lag_1: money | USD, one month before
-- column revenue_lag_2: money | USD, two months before
-- column revenue_lag_12: money | USD, the same month a year before
-- column revenue_lead_1: money | USD, the next month (NULL for the last month)
-- column units_rolling_3m_avg: float | mean units of this month and the two before (NULL for the first two months)
WITH RECURSIVE
-- include: calendar_months
product_month_sales AS (
    SELECT
        d.productCode,
        m.month_index,
        SUM(d.quantityOrdered) AS units,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    GROUP BY d.productCode, m.month_index
),
sold_products AS (
    SELECT p.productCode, p.productLine
    FROM products AS p
    WHERE p.productCode IN (SELECT productCode FROM product_month_sales)
),
series AS (
    SELECT
        p.productCode,
        p.productLine,
        m.month_index,
        m.month_start,
        m.mo,
        COALESCE(s.units, 0) AS units,
        ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue
    FROM sold_products AS p
    CROSS JOIN months AS m
    LEFT JOIN product_month_sales AS s
        ON s.productCode = p.productCode AND s.month_index = m.month_index
    WHERE m.complete = 1
),
features AS (
    SELECT
        s.*,
        LAG(s.units, 1) OVER w AS units_lag_1,
        LAG(s.units, 2) OVER w AS units_lag_2,
        LAG(s.units, 12) OVER w AS units_lag_12,
        LEAD(s.units, 1) OVER w AS units_lead_1,
        LAG(s.revenue, 1) OVER w AS revenue_lag_1,
        LAG(s.revenue, 2) OVER w AS revenue_lag_2,
        LAG(s.revenue, 12) OVER w AS revenue_lag_12,
        LEAD(s.revenue, 1) OVER w AS revenue_lead_1
    FROM series AS s
    WINDOW w AS (PARTITION BY s.productCode ORDER BY s.month_index)
)
SELECT
    productCode,
    productLine,
    month_start AS month,
    mo AS month_of_year,
    units,
    units_lag_1,
    units_lag_2,
    units_lag_12,
    units_lead_1,
    revenue,
    revenue_lag_1,
    revenue_lag_2,
    revenue_lag_12,
    revenue_lead_1,
    -- NULL until two months precede: LAG 2 is NULL there
    (CAST(units AS DOUBLE) + units_lag_1 + units_lag_2) / 3 AS units_rolling_3m_avg
FROM features
ORDER BY productCode, month_index
