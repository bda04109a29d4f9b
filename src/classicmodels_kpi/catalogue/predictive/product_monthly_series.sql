-- title: Monthly sales series per product
-- question: How many units and how much revenue did each product sell in every calendar month, zeros included?
-- param as_of: date = latest_order_date | months up to the one holding this date; orders after it do not count
-- column productCode: text | every product sold at least once up to as_of
-- column productLine: text | products.productLine
-- column month: date | first day of the calendar month; every month from the first order (any product) to as_of, missing months filled with 0
-- column month_of_year: int | 1–12, for seasonal features
-- column complete: bool | the month's last day is on or before as_of (a partial last month is flagged, not dropped)
-- column units: int | Σ quantityOrdered over orders not Cancelled placed in the month
-- column orders: int | orders (not Cancelled) with the product (one line per product per order: the orderdetails key)
-- column revenue: money | USD, Σ quantityOrdered × priceEach
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
product_month_sales AS (
    SELECT
        d.productCode,
        m.month_index,
        SUM(d.quantityOrdered) AS units,
        COUNT(*) AS orders,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    GROUP BY d.productCode, m.month_index
),
sold_products AS (
    SELECT p.productCode, p.productLine
    FROM products AS p
    WHERE p.productCode IN (SELECT productCode FROM product_month_sales)
)
SELECT
    p.productCode,
    p.productLine,
    m.month_start AS month,
    m.mo AS month_of_year,
    m.complete,
    COALESCE(s.units, 0) AS units,
    COALESCE(s.orders, 0) AS orders,
    ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue
FROM sold_products AS p
CROSS JOIN months AS m
LEFT JOIN product_month_sales AS s
    ON s.productCode = p.productCode AND s.month_index = m.month_index
ORDER BY p.productCode, m.month_index
