-- title: Credit out of line with sales
-- question: Which customers have far more credit than their purchases justify, or buy far more than their credit allows?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- param threshold: float = 2 range 1.. | ratio beyond which credit and sales are misaligned
-- column customerNumber: int | customer key; only misaligned customers are listed
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | assigned sales rep; empty when none
-- column creditLimit: money | USD
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled up to as_of
-- column credit_to_revenue: float | creditLimit / revenue; empty when revenue is 0
-- column alignment: text | Over-credited (creditLimit ≥ threshold × revenue, including credit with no sales) or Under-credited (revenue ≥ threshold × creditLimit, including sales with no credit)
-- Customers with neither credit nor sales are not listed: there is nothing to align.
WITH customer_sales AS (
    SELECT o.customerNumber, ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
),
positions AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COALESCE(c.creditLimit, 0) AS creditLimit,
        COALESCE(s.revenue, 0) AS revenue
    FROM customers AS c
    LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
),
classified AS (
    SELECT
        customerNumber,
        customerName,
        country,
        salesRepEmployeeNumber,
        creditLimit,
        revenue,
        CASE
            WHEN creditLimit > 0 AND creditLimit >= :threshold * revenue THEN 'Over-credited'
            WHEN revenue > 0 AND revenue >= :threshold * creditLimit THEN 'Under-credited'
        END AS alignment
    FROM positions
)
SELECT
    customerNumber,
    customerName,
    country,
    salesRepEmployeeNumber,
    creditLimit,
    revenue,
    CAST(creditLimit AS DOUBLE) / NULLIF(revenue, 0) AS credit_to_revenue,
    alignment
FROM classified
WHERE alignment IS NOT NULL
ORDER BY alignment, creditLimit DESC, customerNumber
