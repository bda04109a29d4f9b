-- title: On-time delivery
-- question: Per year and per month, what share of shipped orders left on or before the date the customer required?
-- param as_of: date = latest_order_date | shipments after this day are ignored; the last month is as_of's month
-- column grain: text | year or month
-- column period: text | YYYY for a year, YYYY-MM for a month; every calendar month from the first order's month to as_of's month
-- column shipped_orders: int | orders of any status shipped in the period (by shippedDate), counted once per order; orders with an unknown requiredDate are left out
-- column on_time_orders: int | of those, shippedDate ≤ requiredDate
-- column late_orders: int | of those, shippedDate > requiredDate
-- column on_time_pct: pct | on_time_orders / shipped_orders × 100; empty when nothing shipped
-- column avg_days_late: float | mean days between requiredDate and shippedDate over the late orders; empty without late orders
-- column max_days_late: int | the longest such delay; empty without late orders
WITH RECURSIVE
-- include: year_months
shipments AS (
    SELECT
        CAST(STRFTIME(shippedDate, '%Y') AS INTEGER) AS ship_year,
        CAST(STRFTIME(shippedDate, '%m') AS INTEGER) AS ship_month,
        CASE WHEN shippedDate <= requiredDate THEN 1 ELSE 0 END AS on_time,
        CASE
            WHEN shippedDate > requiredDate THEN DATE_DIFF('day', requiredDate, shippedDate)
        END AS days_late
    FROM orders
    WHERE shippedDate <= CAST(:as_of AS DATE) AND requiredDate IS NOT NULL
),
monthly AS (
    SELECT
        c.calendar_year,
        c.calendar_month,
        COUNT(s.on_time) AS shipped_orders,
        COALESCE(SUM(s.on_time), 0) AS on_time_orders,
        SUM(s.days_late) AS total_days_late,
        MAX(s.days_late) AS max_days_late
    FROM calendar AS c
    LEFT JOIN shipments AS s
        ON s.ship_year = c.calendar_year AND s.ship_month = c.calendar_month
    GROUP BY c.calendar_year, c.calendar_month
),
periods AS (
    SELECT
        'year' AS grain,
        1 AS grain_order,
        CAST(calendar_year AS VARCHAR) AS period,
        SUM(shipped_orders) AS shipped_orders,
        SUM(on_time_orders) AS on_time_orders,
        SUM(total_days_late) AS total_days_late,
        MAX(max_days_late) AS max_days_late
    FROM monthly
    GROUP BY calendar_year
    UNION ALL
    SELECT
        'month',
        2,
        CAST(calendar_year AS VARCHAR) || '-'
            || CASE WHEN calendar_month < 10 THEN '0' ELSE '' END
            || CAST(calendar_month AS VARCHAR),
        shipped_orders,
        on_time_orders,
        total_days_late,
        max_days_late
    FROM monthly
)
SELECT
    grain,
    period,
    shipped_orders,
    on_time_orders,
    shipped_orders - on_time_orders AS late_orders,
    100.0 * CAST(on_time_orders AS DOUBLE) / NULLIF(shipped_orders, 0) AS on_time_pct,
    CAST(total_days_late AS DOUBLE) / NULLIF(shipped_orders - on_time_orders, 0) AS avg_days_late,
    max_days_late
FROM periods
ORDER BY grain_order, period
