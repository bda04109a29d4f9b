-- title: Credit limit outliers
-- question: Which customers have a credit limit far above or below what we usually grant?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- param fence: float = 1.5 range 0.. | Tukey fences: outside Q1 − fence × IQR or Q3 + fence × IQR is an outlier
-- column customerNumber: int | customer key; only outliers are listed
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column creditLimit: money | USD
-- column direction: text | High (above the upper fence) or Low (below the lower fence)
-- column q1: money | USD, first quartile of creditLimit over customers with creditLimit > 0 (nearest rank)
-- column q3: money | USD, third quartile, same population and method
-- column lower_fence: money | USD, q1 − fence × (q3 − q1)
-- column upper_fence: money | USD, q3 + fence × (q3 − q1)
-- column credit_percentile: pct | PERCENT_RANK of creditLimit in the population, 0–100
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- Customers with no credit (0 or empty) are a policy, not an outlier: customers_without_rep lists them.
WITH credited AS (
    SELECT
        customerNumber,
        customerName,
        TRIM(country) AS country,
        creditLimit,
        CUME_DIST() OVER (ORDER BY creditLimit) AS cume,
        100.0 * PERCENT_RANK() OVER (ORDER BY creditLimit) AS credit_percentile
    FROM customers
    WHERE creditLimit > 0
),
quartiles AS (
    SELECT
        MIN(CASE WHEN cume >= 0.25 THEN creditLimit END) AS q1,
        MIN(CASE WHEN cume >= 0.75 THEN creditLimit END) AS q3
    FROM credited
),
fences AS (
    SELECT
        q1,
        q3,
        q1 - :fence * (q3 - q1) AS lower_fence,
        q3 + :fence * (q3 - q1) AS upper_fence
    FROM quartiles
),
outliers AS (
    SELECT
        c.customerNumber,
        c.customerName,
        c.country,
        c.creditLimit,
        CASE WHEN c.creditLimit > f.upper_fence THEN 'High' ELSE 'Low' END AS direction,
        f.q1,
        f.q3,
        f.lower_fence,
        f.upper_fence,
        c.credit_percentile
    FROM credited AS c
    CROSS JOIN fences AS f
    WHERE c.creditLimit > f.upper_fence OR c.creditLimit < f.lower_fence
),
customer_sales AS (
    SELECT o.customerNumber, ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
        AND o.customerNumber IN (SELECT customerNumber FROM outliers)
    GROUP BY o.customerNumber
)
SELECT
    x.customerNumber,
    x.customerName,
    x.country,
    x.creditLimit,
    x.direction,
    x.q1,
    x.q3,
    x.lower_fence,
    x.upper_fence,
    x.credit_percentile,
    COALESCE(s.revenue, 0) AS revenue
FROM outliers AS x
LEFT JOIN customer_sales AS s ON s.customerNumber = x.customerNumber
ORDER BY x.creditLimit DESC, x.customerNumber
