-- title: Customer next expected order
-- question: Given each customer's usual interval between orders, who is overdue, who is due soon, and who is on track?
-- param as_of: date = latest_order_date | status is judged on this date; orders after it do not count
-- param due_soon_days: int = 30 range 0..36500 | an expected date at most this many days after as_of is 'Due soon'
-- column customerNumber: int | customers with orders (not Cancelled) on at least 2 distinct dates up to as_of
-- column customerName: text | customers.customerName
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | the customer's current sales rep (NULL when none)
-- column orders: int | orders not Cancelled
-- column order_dates: int | distinct order dates
-- column first_order_date: date | earliest order (not Cancelled)
-- column last_order_date: date | latest order (not Cancelled) on or before as_of
-- column mean_interval_days: float | mean of the gaps between consecutive distinct order dates = (last − first) / (order_dates − 1)
-- column expected_interval_days: int | mean_interval_days rounded to whole days (halves up)
-- column expected_next_date: date | last_order_date + expected_interval_days
-- column days_since_last_order: int | days from last_order_date to as_of
-- column days_until_expected: int | days from as_of to expected_next_date; negative = overdue by that many days
-- column status: text | Overdue (expected_next_date before as_of), Due soon (within due_soon_days from as_of), On track (later)
-- column revenue: money | USD, Σ quantityOrdered × priceEach over the customer's orders not Cancelled
WITH
-- include: order_revenue
-- customers are joined inside the GROUP BY: an aggregate joined back on its key would let MariaDB
-- re-run the per-order totals once per customer (split materialization)
customer_orders AS (
    -- every date is turned into a day count here, once per customer: the steps below are
    -- integer arithmetic only (cheap even where an engine inlines them)
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COUNT(*) AS orders,
        COUNT(DISTINCT r.orderDate) AS order_dates,
        MIN(r.orderDate) AS first_order_date,
        MAX(r.orderDate) AS last_order_date,
        DATE_DIFF('day', MIN(r.orderDate), MAX(r.orderDate)) AS span_days,
        DATE_DIFF('day', MAX(r.orderDate), CAST(:as_of AS DATE)) AS days_since_last_order,
        DATE_DIFF('day', CAST('1970-01-01' AS DATE), MAX(r.orderDate)) AS last_order_day,
        ROUND(CAST(SUM(r.revenue) AS DECIMAL(18, 2)), 2) AS revenue
    FROM customers AS c
    JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    GROUP BY c.customerNumber, c.customerName, TRIM(c.country), c.salesRepEmployeeNumber
    HAVING COUNT(DISTINCT r.orderDate) >= 2
),
timed AS (
    SELECT
        c.*,
        CAST(c.span_days AS DOUBLE) / (c.order_dates - 1) AS mean_interval_days,
        -- rounded half up in integers: floor(span / gaps + 1/2)
        (2 * c.span_days + c.order_dates - 1) // (2 * (c.order_dates - 1)) AS expected_interval_days
    FROM customer_orders AS c
),
-- last_order_date + expected_interval_days as a date, on every engine. No INTERVAL arithmetic
-- is portable, so the day number is turned back into year, month and day with integer arithmetic:
-- H. Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
day_numbers AS (
    SELECT t.*, t.last_order_day + t.expected_interval_days + 719468 AS shifted_day
    FROM timed AS t
),
eras AS (
    SELECT
        n.*,
        n.shifted_day // 146097 AS era,
        n.shifted_day - (n.shifted_day // 146097) * 146097 AS day_of_era
    FROM day_numbers AS n
),
years_of_era AS (
    SELECT
        e.*,
        (e.day_of_era - e.day_of_era // 1460 + e.day_of_era // 36524 - e.day_of_era // 146096)
            // 365 AS year_of_era
    FROM eras AS e
),
days_of_year AS (
    SELECT
        y.*,
        y.day_of_era - (365 * y.year_of_era + y.year_of_era // 4 - y.year_of_era // 100)
            AS day_of_year
    FROM years_of_era AS y
),
civil AS (
    -- month_from_march: 0 = March … 11 = February
    SELECT d.*, (5 * d.day_of_year + 2) // 153 AS month_from_march
    FROM days_of_year AS d
),
dated AS (
    SELECT
        c.*,
        c.year_of_era + 400 * c.era + CASE WHEN c.month_from_march >= 10 THEN 1 ELSE 0 END AS yr,
        CASE WHEN c.month_from_march < 10 THEN c.month_from_march + 3 ELSE c.month_from_march - 9 END
            AS mo,
        c.day_of_year - (153 * c.month_from_march + 2) // 5 + 1 AS dy
    FROM civil AS c
)
SELECT
    t.customerNumber,
    t.customerName,
    t.country,
    t.salesRepEmployeeNumber,
    t.orders,
    t.order_dates,
    t.first_order_date,
    t.last_order_date,
    t.mean_interval_days,
    t.expected_interval_days,
    CAST(
        CAST(t.yr AS VARCHAR) || '-' || CASE WHEN t.mo < 10 THEN '0' ELSE '' END
        || CAST(t.mo AS VARCHAR) || '-' || CASE WHEN t.dy < 10 THEN '0' ELSE '' END
        || CAST(t.dy AS VARCHAR) AS DATE
    ) AS expected_next_date,
    t.days_since_last_order,
    t.expected_interval_days - t.days_since_last_order AS days_until_expected,
    CASE
        WHEN t.expected_interval_days - t.days_since_last_order < 0 THEN 'Overdue'
        WHEN t.expected_interval_days - t.days_since_last_order <= :due_soon_days THEN 'Due soon'
        ELSE 'On track'
    END AS status,
    t.revenue
FROM dated AS t
ORDER BY days_until_expected, t.customerNumber
