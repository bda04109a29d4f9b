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
series AS (
    SELECT
        p.productCode,
        m.month_index,
        m.month_start,
        COALESCE(s.units, 0) AS units
    FROM sold_products AS p
    CROSS JOIN months AS m
    LEFT JOIN product_month_units AS s
        ON s.productCode = p.productCode AND s.month_index = m.month_index
    WHERE m.complete = 1
),
-- every product has the same number of complete months: the quartile positions are computed once
-- (linear interpolation between the values at positions floor(q × (n − 1)) and the next one)
positions AS (
    SELECT
        MAX(month_index) AS last_index,
        (COUNT(*) - 1) // 4 AS q1_lo,
        CAST((COUNT(*) - 1) % 4 AS DOUBLE) / 4 AS q1_frac,
        (COUNT(*) - 1) // 2 AS q2_lo,
        CAST((COUNT(*) - 1) % 2 AS DOUBLE) / 2 AS q2_frac,
        (3 * (COUNT(*) - 1)) // 4 AS q3_lo,
        CAST((3 * (COUNT(*) - 1)) % 4 AS DOUBLE) / 4 AS q3_frac
    FROM months
    WHERE complete = 1
),
positioned AS (
    SELECT
        s.*,
        ROW_NUMBER() OVER (PARTITION BY s.productCode ORDER BY s.units, s.month_index) - 1 AS pos,
        q.last_index,
        q.q1_lo,
        q.q1_frac,
        q.q2_lo,
        q.q2_frac,
        q.q3_lo,
        q.q3_frac
    FROM series AS s
    CROSS JOIN positions AS q
),
stats AS (
    SELECT
        productCode,
        COUNT(*) AS months,
        SUM(CASE WHEN units = 0 THEN 1 ELSE 0 END) AS zero_months,
        AVG(CAST(units AS DOUBLE)) AS mean_units,
        MIN(units) AS min_units,
        MAX(units) AS max_units,
        MAX(CASE WHEN pos = q1_lo THEN units END) AS q1_lo_units,
        MAX(CASE WHEN pos = q1_lo + 1 THEN units END) AS q1_hi_units,
        MAX(q1_frac) AS q1_frac,
        MAX(CASE WHEN pos = q2_lo THEN units END) AS q2_lo_units,
        MAX(CASE WHEN pos = q2_lo + 1 THEN units END) AS q2_hi_units,
        MAX(q2_frac) AS q2_frac,
        MAX(CASE WHEN pos = q3_lo THEN units END) AS q3_lo_units,
        MAX(CASE WHEN pos = q3_lo + 1 THEN units END) AS q3_hi_units,
        MAX(q3_frac) AS q3_frac,
        MAX(month_start) AS last_month,
        MAX(CASE WHEN month_index = last_index THEN units END) AS last_month_units
    FROM positioned
    GROUP BY productCode
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
