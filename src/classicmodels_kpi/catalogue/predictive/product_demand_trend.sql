-- title: Product demand trend
-- question: Which products are Growing, Stable or Declining: the last 3 complete months against the 3 before?
-- param as_of: date = latest_order_date | the windows end at the last complete month on or before this date
-- param growth_threshold_pct: float = 15 | change above this (in %) is Growing
-- param decline_threshold_pct: float = -15 | change below this (in %) is Declining
-- column productCode: text | every product sold at least once up to as_of; no rows with fewer than 6 complete months of data
-- column productName: text | products.productName
-- column productLine: text | products.productLine
-- column recent_first_month: date | first month of the recent window (the last 3 complete months)
-- column prior_first_month: date | first month of the prior window (the 3 months before those)
-- column recent_avg_units: float | mean monthly units over the recent window (orders not Cancelled; months without sales count as 0)
-- column prior_avg_units: float | mean monthly units over the prior window
-- column change_pct: pct | 100 × (recent_avg_units − prior_avg_units) / prior_avg_units (NULL when the prior window sold nothing)
-- column trend: text | Growing (change_pct > growth_threshold_pct, or sales after a prior window without any), Declining (change_pct < decline_threshold_pct), else Stable
-- column recent_revenue: money | USD, revenue over the recent window
-- column prior_revenue: money | USD, revenue over the prior window
WITH RECURSIVE
-- include: calendar_months
ranked_months AS (
    -- complete months, newest first: 1–3 form the recent window, 4–6 the prior one
    SELECT month_index, month_start, ROW_NUMBER() OVER (ORDER BY month_index DESC) AS age
    FROM months
    WHERE complete = 1
),
windows AS (
    SELECT
        month_index,
        month_start,
        CASE WHEN age <= 3 THEN 'recent' ELSE 'prior' END AS window_name
    FROM ranked_months
    WHERE age <= 6
),
product_windows AS (
    -- one pass over the order lines: every product sold up to as_of, with its two windows
    SELECT
        d.productCode,
        SUM(CASE WHEN w.window_name = 'recent' THEN d.quantityOrdered ELSE 0 END) AS recent_units,
        SUM(CASE WHEN w.window_name = 'prior' THEN d.quantityOrdered ELSE 0 END) AS prior_units,
        SUM(
            CASE
                WHEN w.window_name = 'recent'
                    THEN CAST(d.quantityOrdered AS DOUBLE) * d.priceEach
                ELSE 0
            END
        ) AS recent_revenue,
        SUM(
            CASE
                WHEN w.window_name = 'prior' THEN CAST(d.quantityOrdered AS DOUBLE) * d.priceEach
                ELSE 0
            END
        ) AS prior_revenue
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    LEFT JOIN windows AS w ON w.month_index = m.month_index
    GROUP BY d.productCode
),
averaged AS (
    SELECT
        productCode,
        CAST(recent_units AS DOUBLE) / 3 AS recent_avg_units,
        CAST(prior_units AS DOUBLE) / 3 AS prior_avg_units,
        ROUND(CAST(recent_revenue AS DECIMAL(18, 2)), 2) AS recent_revenue,
        ROUND(CAST(prior_revenue AS DECIMAL(18, 2)), 2) AS prior_revenue,
        100.0 * (CAST(recent_units AS DOUBLE) - prior_units) / NULLIF(prior_units, 0) AS change_pct
    FROM product_windows
    WHERE (SELECT COUNT(*) FROM windows) = 6
)
SELECT
    a.productCode,
    p.productName,
    p.productLine,
    (SELECT MIN(month_start) FROM windows WHERE window_name = 'recent') AS recent_first_month,
    (SELECT MIN(month_start) FROM windows WHERE window_name = 'prior') AS prior_first_month,
    a.recent_avg_units,
    a.prior_avg_units,
    a.change_pct,
    CASE
        WHEN a.prior_avg_units = 0 AND a.recent_avg_units > 0 THEN 'Growing'
        WHEN a.change_pct > :growth_threshold_pct THEN 'Growing'
        WHEN a.change_pct < :decline_threshold_pct THEN 'Declining'
        ELSE 'Stable'
    END AS trend,
    a.recent_revenue,
    a.prior_revenue
FROM averaged AS a
JOIN products AS p ON p.productCode = a.productCode
ORDER BY a.productCode
