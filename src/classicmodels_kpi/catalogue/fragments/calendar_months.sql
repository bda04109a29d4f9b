-- fragment: calendar_months
-- CTEs shared by the product/line monthly queries. A query includes them with the line
-- `-- include: calendar_months` right after `WITH RECURSIVE`; it needs an `as_of` date parameter.
--   months (month_index, mo, month_start, complete): every calendar month from the first order to
--     as_of's month, month_index = year × 12 + month (so LAG 12 is the same month last year),
--     complete = 1 when the month's last day is on or before as_of;
--   order_months (orderNumber, month_index): orders not Cancelled placed up to as_of.
-- (bounds, calendar, month_starts and month_flags are steps towards months.)
-- include: order_month_bounds
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
