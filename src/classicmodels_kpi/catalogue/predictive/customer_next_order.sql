-- title: Customer next expected order
-- question: Given each customer's usual interval between orders, who is overdue, who is due soon, and who is on track?
-- param as_of: date = latest_order_date | status is judged on this date; orders after it do not count
-- param due_soon_days: int = 30 | an expected date at most this many days after as_of is 'Due soon'
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
WITH RECURSIVE order_totals AS (
    -- revenue per order first, straight off the orderdetails key: the cheapest pass over the lines
    SELECT orderNumber, SUM(CAST(quantityOrdered AS DOUBLE) * priceEach) AS revenue
    FROM orderdetails
    GROUP BY orderNumber
),
order_revenue AS (
    SELECT o.orderNumber, o.customerNumber, o.orderDate, t.revenue
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
),
-- customers are joined inside the GROUP BY: an aggregate joined back on its key would let MariaDB
-- re-run the per-order totals once per customer (split materialization)
customer_orders AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COUNT(*) AS orders,
        COUNT(DISTINCT r.orderDate) AS order_dates,
        MIN(r.orderDate) AS first_order_date,
        MAX(r.orderDate) AS last_order_date,
        ROUND(CAST(SUM(r.revenue) AS DECIMAL(18, 2)), 2) AS revenue
    FROM customers AS c
    JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    GROUP BY c.customerNumber, c.customerName, TRIM(c.country), c.salesRepEmployeeNumber
    HAVING COUNT(DISTINCT r.orderDate) >= 2
),
intervals AS (
    SELECT
        c.*,
        DATE_DIFF('day', c.first_order_date, c.last_order_date) AS span_days,
        DATE_DIFF('day', c.last_order_date, CAST(:as_of AS DATE)) AS days_since_last_order
    FROM customer_orders AS c
),
expected AS (
    SELECT
        i.*,
        CAST(i.span_days AS DOUBLE) / (i.order_dates - 1) AS mean_interval_days,
        -- round half up in integers: floor(span / gaps + 1/2)
        (2 * i.span_days + i.order_dates - 1) // (2 * (i.order_dates - 1)) AS expected_interval_days
    FROM intervals AS i
),
timed AS (
    SELECT
        e.*,
        e.expected_interval_days - e.days_since_last_order AS days_until_expected
    FROM expected AS e
),
-- A day calendar turns as_of + days_until_expected into a date on every engine (no INTERVAL
-- arithmetic is portable): calendar months, days 1–31 kept when the month has them.
-- Every expected date lies after the first order and at most MAX(days_until_expected) days after
-- as_of, so the calendar runs from the first order's month to that many months (of 28 days or
-- more) after as_of's month, plus one.
bounds AS (
    SELECT
        CAST(STRFTIME(MIN(first_order_date), '%Y') AS INTEGER) AS first_year,
        CAST(STRFTIME(MIN(first_order_date), '%m') AS INTEGER) AS first_month,
        CAST(STRFTIME(CAST(:as_of AS DATE), '%Y') AS INTEGER) * 12
            + CAST(STRFTIME(CAST(:as_of AS DATE), '%m') AS INTEGER)
            + CASE WHEN MAX(days_until_expected) > 0 THEN MAX(days_until_expected) // 28 ELSE 0 END
            + 1 AS last_index
    FROM timed
),
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
        CAST(yr AS VARCHAR) || '-' || CASE WHEN mo < 10 THEN '0' ELSE '' END || CAST(mo AS VARCHAR)
            AS month_key
    FROM calendar
),
month_lengths AS (
    SELECT
        month_key,
        DATE_DIFF(
            'day',
            CAST(month_key || '-01' AS DATE),
            CAST(LEAD(month_key) OVER (ORDER BY month_index) || '-01' AS DATE)
        ) AS days_in_month,
        DATE_DIFF('day', CAST(:as_of AS DATE), CAST(month_key || '-01' AS DATE)) AS start_offset
    FROM month_starts
),
day_numbers (day_of_month) AS (
    SELECT 1
    UNION ALL
    SELECT day_of_month + 1 FROM day_numbers WHERE day_of_month < 31
),
day_offsets AS (
    SELECT
        CAST(m.month_key || '-' || CASE WHEN n.day_of_month < 10 THEN '0' ELSE '' END
            || CAST(n.day_of_month AS VARCHAR) AS DATE) AS day,
        m.start_offset + n.day_of_month - 1 AS offset_days
    FROM month_lengths AS m
    JOIN day_numbers AS n ON n.day_of_month <= m.days_in_month
    WHERE m.start_offset + n.day_of_month - 1
        BETWEEN (SELECT MIN(days_until_expected) FROM timed)
        AND (SELECT MAX(days_until_expected) FROM timed)
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
    d.day AS expected_next_date,
    t.days_since_last_order,
    t.days_until_expected,
    CASE
        WHEN t.days_until_expected < 0 THEN 'Overdue'
        WHEN t.days_until_expected <= :due_soon_days THEN 'Due soon'
        ELSE 'On track'
    END AS status,
    t.revenue
FROM timed AS t
LEFT JOIN day_offsets AS d ON d.offset_days = t.days_until_expected
ORDER BY t.days_until_expected, t.customerNumber
