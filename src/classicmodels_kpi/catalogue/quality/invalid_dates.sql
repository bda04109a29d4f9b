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
-- The check runs once per distinct value of each column (a few thousand dates, not a row each:
-- 1.3M rows at scale 1000); only the values found invalid are joined back to their rows.
WITH stored AS (
    SELECT 'orders' AS table_name, 'orderDate' AS column_name, stored_value
    FROM (SELECT DISTINCT orderDate AS stored_value FROM orders WHERE orderDate IS NOT NULL) AS v
    UNION ALL
    SELECT 'orders', 'requiredDate', stored_value
    FROM (
        SELECT DISTINCT requiredDate AS stored_value FROM orders WHERE requiredDate IS NOT NULL
    ) AS v
    UNION ALL
    SELECT 'orders', 'shippedDate', stored_value
    FROM (
        SELECT DISTINCT shippedDate AS stored_value FROM orders WHERE shippedDate IS NOT NULL
    ) AS v
    UNION ALL
    SELECT 'payments', 'paymentDate', stored_value
    FROM (
        SELECT DISTINCT paymentDate AS stored_value FROM payments WHERE paymentDate IS NOT NULL
    ) AS v
),
dashed AS (
    SELECT
        table_name,
        column_name,
        stored_value,
        raw_value,
        CASE
            WHEN SUBSTR(raw_value, 5, 1) = '-' AND SUBSTR(raw_value, 8, 1) = '-' THEN 1
            ELSE 0
        END AS dashed
    FROM (
        SELECT table_name, column_name, stored_value, CAST(stored_value AS VARCHAR) AS raw_value
        FROM stored
    ) AS s
),
parts AS (
    SELECT
        table_name,
        column_name,
        stored_value,
        raw_value,
        dashed,
        CASE WHEN dashed = 1 THEN CAST(SUBSTR(raw_value, 1, 4) AS INTEGER) ELSE 0 END AS y,
        CASE WHEN dashed = 1 THEN CAST(SUBSTR(raw_value, 6, 2) AS INTEGER) ELSE 0 END AS m,
        CASE WHEN dashed = 1 THEN CAST(SUBSTR(raw_value, 9, 2) AS INTEGER) ELSE 0 END AS d
    FROM dashed
),
invalid AS (
    SELECT table_name, column_name, stored_value, raw_value
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
),
found AS (
    SELECT i.table_name, CAST(o.orderNumber AS VARCHAR) AS key_text, i.column_name, i.raw_value
    FROM invalid AS i
    JOIN orders AS o ON o.orderDate = i.stored_value
    WHERE i.table_name = 'orders' AND i.column_name = 'orderDate'
    UNION ALL
    SELECT i.table_name, CAST(o.orderNumber AS VARCHAR), i.column_name, i.raw_value
    FROM invalid AS i
    JOIN orders AS o ON o.requiredDate = i.stored_value
    WHERE i.table_name = 'orders' AND i.column_name = 'requiredDate'
    UNION ALL
    SELECT i.table_name, CAST(o.orderNumber AS VARCHAR), i.column_name, i.raw_value
    FROM invalid AS i
    JOIN orders AS o ON o.shippedDate = i.stored_value
    WHERE i.table_name = 'orders' AND i.column_name = 'shippedDate'
    UNION ALL
    SELECT
        i.table_name,
        CAST(p.customerNumber AS VARCHAR) || '/' || CAST(p.checkNumber AS VARCHAR),
        i.column_name,
        i.raw_value
    FROM invalid AS i
    JOIN payments AS p ON p.paymentDate = i.stored_value
    WHERE i.table_name = 'payments' AND i.column_name = 'paymentDate'
)
SELECT
    'invalid_date' AS "check",
    table_name AS "table",
    key_text AS "key",
    column_name AS "column",
    raw_value AS "value",
    'error' AS severity
FROM found
ORDER BY "table", "column", "key"
