-- title: Orders in trouble
-- question: Which orders are Cancelled, On Hold or Disputed, what are they worth, and how old are they?
-- param as_of: date = latest_order_date | orders dated after this day are ignored; age is counted to this day
-- column orderNumber: int | order key
-- column orderDate: date | order date
-- column status: text | Cancelled, On Hold or Disputed
-- column customerNumber: int | the customer
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column lines: int | order lines
-- column order_value: money | USD, Σ quantityOrdered × priceEach (the value of the order, whatever its status)
-- column age_days: int | days from orderDate to as_of
-- column requiredDate: date | date the customer required
-- column shippedDate: date | ship date; empty when not shipped
-- column comments: text | the order's comments
WITH exceptions AS (
    SELECT
        o.orderNumber,
        o.orderDate,
        o.status,
        o.customerNumber,
        o.requiredDate,
        o.shippedDate,
        o.comments,
        COUNT(d.productCode) AS lines,
        ROUND(COALESCE(SUM(d.quantityOrdered * d.priceEach), 0), 2) AS order_value
    FROM orders AS o
    LEFT JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status IN ('Cancelled', 'On Hold', 'Disputed')
        AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY
        o.orderNumber, o.orderDate, o.status, o.customerNumber, o.requiredDate,
        o.shippedDate, o.comments
)
SELECT
    x.orderNumber,
    x.orderDate,
    x.status,
    x.customerNumber,
    c.customerName,
    TRIM(c.country) AS country,
    x.lines,
    x.order_value,
    DATE_DIFF('day', x.orderDate, CAST(:as_of AS DATE)) AS age_days,
    x.requiredDate,
    x.shippedDate,
    x.comments
FROM exceptions AS x
LEFT JOIN customers AS c ON c.customerNumber = x.customerNumber
ORDER BY x.status, x.orderDate, x.orderNumber
