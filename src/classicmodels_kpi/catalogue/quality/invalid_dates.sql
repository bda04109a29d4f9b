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
-- calendar (leap years included) gives the same verdict on every engine.
WITH stored AS (
    SELECT
        'orders' AS table_name,
        CAST(orderNumber AS VARCHAR) AS row_key,
        'orderDate' AS column_name,
        CAST(orderDate AS VARCHAR) AS raw_value
    FROM orders WHERE orderDate IS NOT NULL
    UNION ALL
    SELECT 'orders', CAST(orderNumber AS VARCHAR), 'requiredDate', CAST(requiredDate AS VARCHAR)
    FROM orders WHERE requiredDate IS NOT NULL
    UNION ALL
    SELECT 'orders', CAST(orderNumber AS VARCHAR), 'shippedDate', CAST(shippedDate AS VARCHAR)
    FROM orders WHERE shippedDate IS NOT NULL
    UNION ALL
    SELECT
        'payments',
        CAST(customerNumber AS VARCHAR) || '/' || CAST(checkNumber AS VARCHAR),
        'paymentDate',
        CAST(paymentDate AS VARCHAR)
    FROM payments WHERE paymentDate IS NOT NULL
),
shape AS (
    SELECT
        table_name,
        row_key,
        column_name,
        raw_value,
        -- well formed: YYYY-MM-DD, i.e. the first ten characters are eight digits and two dashes
        CASE
            WHEN LENGTH(raw_value) >= 10
                AND SUBSTR(raw_value, 5, 1) = '-'
                AND SUBSTR(raw_value, 8, 1) = '-'
                AND REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
                    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
                        SUBSTR(raw_value, 1, 10),
                    '0', ''), '1', ''), '2', ''), '3', ''), '4', ''),
                '5', ''), '6', ''), '7', ''), '8', ''), '9', '') = '--'
                THEN 1
            ELSE 0
        END AS well_formed
    FROM stored
),
numbers AS (
    SELECT
        table_name,
        row_key,
        column_name,
        raw_value,
        well_formed,
        CAST(CASE WHEN well_formed = 1 THEN SUBSTR(raw_value, 1, 4) ELSE '0' END AS INTEGER) AS y,
        CAST(CASE WHEN well_formed = 1 THEN SUBSTR(raw_value, 6, 2) ELSE '0' END AS INTEGER) AS m,
        CAST(CASE WHEN well_formed = 1 THEN SUBSTR(raw_value, 9, 2) ELSE '0' END AS INTEGER) AS d
    FROM shape
)
SELECT
    'invalid_date' AS "check",
    table_name AS "table",
    row_key AS "key",
    column_name AS "column",
    raw_value AS "value",
    'error' AS severity
FROM numbers
WHERE well_formed = 0
    OR y < 1
    OR m NOT BETWEEN 1 AND 12
    OR d < 1
    OR d > CASE
        WHEN m IN (4, 6, 9, 11) THEN 30
        WHEN m = 2 AND ((y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0) THEN 29
        WHEN m = 2 THEN 28
        ELSE 31
    END
ORDER BY table_name, column_name, row_key
