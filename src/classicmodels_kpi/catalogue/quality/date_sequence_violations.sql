-- title: Dates out of sequence
-- question: Which orders were shipped before they were placed, or required before they were placed?
-- column check: text | shipped_before_ordered (error: shippedDate < orderDate), required_before_ordered (error: requiredDate < orderDate)
-- column table: text | orders
-- column key: text | orderNumber
-- column column: text | shippedDate or requiredDate
-- column value: text | the offending date and the orderDate, as 'YYYY-MM-DD < YYYY-MM-DD'
-- column severity: text | error
-- Impossible dates (see invalid_dates) read as empty here and are not compared.
WITH findings AS (
    SELECT
        'shipped_before_ordered' AS "check",
        'orders' AS "table",
        CAST(orderNumber AS VARCHAR) AS "key",
        'shippedDate' AS "column",
        STRFTIME(shippedDate, '%Y-%m-%d') || ' < ' || STRFTIME(orderDate, '%Y-%m-%d') AS "value",
        'error' AS severity
    FROM orders
    WHERE shippedDate < orderDate
    UNION ALL
    SELECT
        'required_before_ordered',
        'orders',
        CAST(orderNumber AS VARCHAR),
        'requiredDate',
        STRFTIME(requiredDate, '%Y-%m-%d') || ' < ' || STRFTIME(orderDate, '%Y-%m-%d'),
        'error'
    FROM orders
    WHERE requiredDate < orderDate
)
SELECT "check", "table", "key", "column", "value", severity
FROM findings
ORDER BY "check", "key"
