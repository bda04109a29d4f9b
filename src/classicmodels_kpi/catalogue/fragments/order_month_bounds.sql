-- fragment: order_month_bounds
-- One CTE, the start of both month calendars (calendar_months, year_months); needs `as_of`:
--   bounds (first_year, first_month, last_index): the year and month of the first order up to
--     as_of, and last_index = year × 12 + month of as_of itself.
bounds AS (
    SELECT
        CAST(STRFTIME(MIN(orderDate), '%Y') AS INTEGER) AS first_year,
        CAST(STRFTIME(MIN(orderDate), '%m') AS INTEGER) AS first_month,
        CAST(STRFTIME(CAST(:as_of AS DATE), '%Y') AS INTEGER) * 12
            + CAST(STRFTIME(CAST(:as_of AS DATE), '%m') AS INTEGER) AS last_index
    FROM orders
    WHERE orderDate <= CAST(:as_of AS DATE)
),
