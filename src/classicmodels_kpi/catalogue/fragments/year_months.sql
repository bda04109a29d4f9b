-- fragment: year_months
-- CTEs included with the line `-- include: year_months` right after `WITH RECURSIVE`; the
-- query needs an `as_of` date parameter.
--   calendar (calendar_year, calendar_month): every calendar month from the first order up to
--     as_of's month, so that months without orders still get a row;
--   bounds (first_year, first_month, last_index): the step towards it (last_index = year × 12 +
--     month of as_of).
-- include: order_month_bounds
calendar (calendar_year, calendar_month) AS (
    SELECT first_year, first_month FROM bounds WHERE first_year IS NOT NULL
    UNION ALL
    SELECT
        CASE WHEN c.calendar_month = 12 THEN c.calendar_year + 1 ELSE c.calendar_year END,
        CASE WHEN c.calendar_month = 12 THEN 1 ELSE c.calendar_month + 1 END
    FROM calendar AS c
    CROSS JOIN bounds AS b
    WHERE c.calendar_year * 12 + c.calendar_month < b.last_index
),
