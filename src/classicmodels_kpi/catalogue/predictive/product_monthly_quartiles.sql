-- title: Monthly demand quartiles per product
-- question: What is a normal month for each product (quartiles of monthly units), and was the last month low, normal or high?
-- param as_of: date = latest_order_date | complete months up to this date (a month whose last day is on or before it)
-- column productCode: text | every product sold at least once up to as_of
-- column productName: text | products.productName
-- column productLine: text | products.productLine
-- column months: int | complete calendar months from the first order (any product) to as_of
-- column zero_months: int | of those, months without a sale of the product
-- column mean_units: float | mean monthly units (zeros included)
-- column min_units: int | lowest monthly units
-- column q1_units: float | 25th percentile of monthly units, linear interpolation (as PERCENTILE_CONT and pandas)
-- column median_units: float | 50th percentile, same method
-- column q3_units: float | 75th percentile, same method
-- column max_units: int | highest monthly units
-- column iqr_units: float | q3_units − q1_units
-- column last_month: date | the last complete month
-- column last_month_units: int | units sold in it
-- column last_month_band: text | 'Below Q1', 'Q1 to Q3' or 'Above Q3': where last_month_units falls
WITH RECURSIVE
-- include: calendar_months
product_month_units AS (
    SELECT d.productCode, m.month_index, SUM(d.quantityOrdered) AS units
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    GROUP BY d.productCode, m.month_index
),
sold_products AS (
    SELECT DISTINCT productCode
    FROM product_month_units
),
-- every product has the same number of complete months: the quartile positions are computed once
-- (linear interpolation between the values at positions floor(q × (n − 1)) and the next one)
positions AS (
    SELECT
        COUNT(*) AS months,
        MAX(month_index) AS last_index,
        MAX(month_start) AS last_month,
        (COUNT(*) - 1) // 4 AS q1_lo,
        CAST((COUNT(*) - 1) % 4 AS DOUBLE) / 4 AS q1_frac,
        (COUNT(*) - 1) // 2 AS q2_lo,
        CAST((COUNT(*) - 1) % 2 AS DOUBLE) / 2 AS q2_frac,
        (3 * (COUNT(*) - 1)) // 4 AS q3_lo,
        CAST((3 * (COUNT(*) - 1)) % 4 AS DOUBLE) / 4 AS q3_frac
    FROM months
    WHERE complete = 1
),
-- Only the complete months with a sale are rows; the others hold 0 units. In a product's months
-- sorted by units, the months with fewer than 0 units come first, then the months without a
-- sale, then the rest: so a month below 0 is at its rank from the bottom, any other one at its
-- rank from the top, and a position no row takes holds 0. (Calendar-filling every product first
-- cost SQLite more than the ranking itself.)
ranked AS (
    SELECT
        s.productCode,
        s.month_index,
        s.units,
        ROW_NUMBER() OVER (
            PARTITION BY s.productCode, CASE WHEN s.units < 0 THEN 1 ELSE 0 END
            ORDER BY CASE WHEN s.units < 0 THEN s.units ELSE -s.units END, s.month_index
        ) AS side_rank
    FROM product_month_units AS s
    WHERE s.month_index <= (SELECT last_index FROM positions)
),
positioned AS (
    SELECT
        r.productCode,
        r.month_index,
        r.units,
        CASE WHEN r.units < 0 THEN r.side_rank - 1 ELSE q.months - r.side_rank END AS pos,
        q.months,
        q.last_index,
        q.q1_lo,
        q.q2_lo,
        q.q3_lo
    FROM ranked AS r
    CROSS JOIN positions AS q
),
sold_stats AS (
    SELECT
        productCode,
        COUNT(*) AS sold_months,
        SUM(CASE WHEN units = 0 THEN 1 ELSE 0 END) AS sold_zero_months,
        SUM(units) AS units,
        MAX(CASE WHEN pos = 0 THEN units END) AS min_units,
        MAX(CASE WHEN pos = months - 1 THEN units END) AS max_units,
        MAX(CASE WHEN pos = q1_lo THEN units END) AS q1_lo_units,
        MAX(CASE WHEN pos = q1_lo + 1 THEN units END) AS q1_hi_units,
        MAX(CASE WHEN pos = q2_lo THEN units END) AS q2_lo_units,
        MAX(CASE WHEN pos = q2_lo + 1 THEN units END) AS q2_hi_units,
        MAX(CASE WHEN pos = q3_lo THEN units END) AS q3_lo_units,
        MAX(CASE WHEN pos = q3_lo + 1 THEN units END) AS q3_hi_units,
        MAX(CASE WHEN month_index = last_index THEN units END) AS last_month_units
    FROM positioned
    GROUP BY productCode
),
stats AS (
    -- a position without a sold month holds 0 (one past the last month holds nothing)
    SELECT
        p.productCode,
        q.months,
        q.months - COALESCE(s.sold_months, 0) + COALESCE(s.sold_zero_months, 0) AS zero_months,
        CAST(COALESCE(s.units, 0) AS DOUBLE) / q.months AS mean_units,
        COALESCE(s.min_units, 0) AS min_units,
        COALESCE(s.max_units, 0) AS max_units,
        COALESCE(s.q1_lo_units, 0) AS q1_lo_units,
        COALESCE(s.q1_hi_units, CASE WHEN q.q1_lo + 1 < q.months THEN 0 END) AS q1_hi_units,
        q.q1_frac,
        COALESCE(s.q2_lo_units, 0) AS q2_lo_units,
        COALESCE(s.q2_hi_units, CASE WHEN q.q2_lo + 1 < q.months THEN 0 END) AS q2_hi_units,
        q.q2_frac,
        COALESCE(s.q3_lo_units, 0) AS q3_lo_units,
        COALESCE(s.q3_hi_units, CASE WHEN q.q3_lo + 1 < q.months THEN 0 END) AS q3_hi_units,
        q.q3_frac,
        q.last_month,
        COALESCE(s.last_month_units, 0) AS last_month_units
    FROM sold_products AS p
    CROSS JOIN positions AS q
    LEFT JOIN sold_stats AS s ON s.productCode = p.productCode
    WHERE q.months > 0
),
quartiles AS (
    SELECT
        productCode,
        months,
        zero_months,
        mean_units,
        min_units,
        max_units,
        q1_lo_units + q1_frac * (COALESCE(q1_hi_units, q1_lo_units) - q1_lo_units) AS q1_units,
        q2_lo_units + q2_frac * (COALESCE(q2_hi_units, q2_lo_units) - q2_lo_units) AS median_units,
        q3_lo_units + q3_frac * (COALESCE(q3_hi_units, q3_lo_units) - q3_lo_units) AS q3_units,
        last_month,
        last_month_units
    FROM stats
)
SELECT
    q.productCode,
    p.productName,
    p.productLine,
    q.months,
    q.zero_months,
    q.mean_units,
    q.min_units,
    q.q1_units,
    q.median_units,
    q.q3_units,
    q.max_units,
    q.q3_units - q.q1_units AS iqr_units,
    q.last_month,
    q.last_month_units,
    CASE
        WHEN q.last_month_units < q.q1_units THEN 'Below Q1'
        WHEN q.last_month_units > q.q3_units THEN 'Above Q3'
        ELSE 'Q1 to Q3'
    END AS last_month_band
FROM quartiles AS q
JOIN products AS p ON p.productCode = q.productCode
ORDER BY q.productCode
