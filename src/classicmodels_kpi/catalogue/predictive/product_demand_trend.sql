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
WITH RECURSIVE bounds AS (
    SELECT
        CAST(STRFTIME(MIN(orderDate), '%Y') AS INTEGER) AS first_year,
        CAST(STRFTIME(MIN(orderDate), '%m') AS INTEGER) AS first_month,
        CAST(STRFTIME(CAST(:as_of AS DATE), '%Y') AS INTEGER) * 12
            + CAST(STRFTIME(CAST(:as_of AS DATE), '%m') AS INTEGER) AS last_index
    FROM orders
    WHERE orderDate <= CAST(:as_of AS DATE)
),
-- every calendar month from the first order to as_of's month, and one more whose first day
-- closes the last month; month_index = year × 12 + month, so LAG 12 is the same month last year
calendar (yr, mo, month_index, last_index) AS (
    SELECT first_year, first_month, first_year * 12 + first_month, last_index
    FROM bounds
    WHERE first_year IS NOT NULL
    UNION ALL
    SELECT
        CASE WHEN mo = 12 THEN yr + 1 ELSE yr END,
        CASE WHEN mo = 12 THEN 1 ELSE mo + 1 END,
        month_index + 1,
        last_index
    FROM calendar
    WHERE month_index <= last_index
),
month_starts AS (
    SELECT
        month_index,
        mo,
        last_index,
        CAST(
            CAST(yr AS VARCHAR) || '-' || CASE WHEN mo < 10 THEN '0' ELSE '' END
            || CAST(mo AS VARCHAR) || '-01' AS DATE
        ) AS month_start
    FROM calendar
),
month_flags AS (
    -- complete: the month's last day (the day before the next month starts) is on or before as_of
    SELECT
        month_index,
        mo,
        month_start,
        last_index,
        CASE
            WHEN DATE_DIFF(
                'day', CAST(:as_of AS DATE), LEAD(month_start) OVER (ORDER BY month_index)
            ) <= 1 THEN 1
            ELSE 0
        END AS complete
    FROM month_starts
),
months AS (
    SELECT month_index, mo, month_start, complete
    FROM month_flags
    WHERE month_index <= last_index
),
order_months AS (
    -- DISTINCT changes nothing (orderNumber is the key); it makes SQLite work out the month once
    -- per order rather than once per order line
    SELECT DISTINCT
        orderNumber,
        CAST(STRFTIME(orderDate, '%Y') AS INTEGER) * 12
            + CAST(STRFTIME(orderDate, '%m') AS INTEGER) AS month_index
    FROM orders
    WHERE status <> 'Cancelled' AND orderDate <= CAST(:as_of AS DATE)
),
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
