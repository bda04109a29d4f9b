-- title: Impossible dates
-- question: Which date values are not real calendar dates, such as 2019-02-29 or 0000-00-00?
-- column check: text | invalid_date (error: not a YYYY-MM-DD calendar date; the catalogue reads such values as empty, so they drop out of every figure)
-- column table: text | orders or payments
-- column key: text | orderNumber, or customerNumber/checkNumber
-- column column: text | the date column
-- column value: text | the value as stored
-- column severity: text | error
-- option raw_dates
-- Why arithmetic on the text rather than a cast: SQLite's DATE('2019-02-29') answers
-- '2019-02-29' and MySQL may hold '0000-00-00'; checking year, month and day against the
-- calendar (leap years included) gives the same verdict on every engine. A part is all digits
-- when adding 10000 (or 100) and printing gives '1' followed by the same text.
-- The key is spelt out (number, or number/check) only for the values found invalid.
WITH stored AS (
    SELECT
        'orders' AS table_name,
        orderNumber AS key_number,
        CAST(NULL AS VARCHAR) AS key_check,
        'orderDate' AS column_name,
        CAST(orderDate AS VARCHAR) AS raw_value
    FROM orders WHERE orderDate IS NOT NULL
    UNION ALL
    SELECT 'orders', orderNumber, NULL, 'requiredDate', CAST(requiredDate AS VARCHAR)
    FROM orders WHERE requiredDate IS NOT NULL
    UNION ALL
    SELECT 'orders', orderNumber, NULL, 'shippedDate', CAST(shippedDate AS VARCHAR)
    FROM orders WHERE shippedDate IS NOT NULL
    UNION ALL
    SELECT
        'payments',
        customerNumber,
        CAST(checkNumber AS VARCHAR),
        'paymentDate',
        CAST(paymentDate AS VARCHAR)
    FROM payments WHERE paymentDate IS NOT NULL
),
dashed AS (
    SELECT
        table_name,
        key_number,
        key_check,
        column_name,
        raw_value,
        CASE
            WHEN SUBSTR(raw_value, 5, 1) = '-' AND SUBSTR(raw_value, 8, 1) = '-' THEN 1
            ELSE 0
        END AS dashed
    FROM stored
),
parts AS (
    SELECT
        table_name,
        key_number,
        key_check,
        column_name,
        raw_value,
        dashed,
        CASE WHEN dashed = 1 THEN CAST(SUBSTR(raw_value, 1, 4) AS INTEGER) ELSE 0 END AS y,
        CASE WHEN dashed = 1 THEN CAST(SUBSTR(raw_value, 6, 2) AS INTEGER) ELSE 0 END AS m,
        CASE WHEN dashed = 1 THEN CAST(SUBSTR(raw_value, 9, 2) AS INTEGER) ELSE 0 END AS d
    FROM dashed
)
SELECT
    'invalid_date' AS "check",
    table_name AS "table",
    CAST(key_number AS VARCHAR) || COALESCE('/' || key_check, '') AS "key",
    column_name AS "column",
    raw_value AS "value",
    'error' AS severity
FROM parts
WHERE NOT (
    dashed = 1
    AND CAST(y + 10000 AS VARCHAR) = '1' || SUBSTR(raw_value, 1, 4)
    AND CAST(m + 100 AS VARCHAR) = '1' || SUBSTR(raw_value, 6, 2)
    AND CAST(d + 100 AS VARCHAR) = '1' || SUBSTR(raw_value, 9, 2)
    AND y >= 1
    AND m BETWEEN 1 AND 12
    AND d >= 1
    AND d <= CASE
        WHEN m IN (4, 6, 9, 11) THEN 30
        WHEN m = 2 AND ((y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0) THEN 29
        WHEN m = 2 THEN 28
        ELSE 31
    END
)
ORDER BY "table", "column", "key"
