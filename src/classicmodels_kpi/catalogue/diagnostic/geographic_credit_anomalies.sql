-- title: Credit against sales by country
-- question: In which countries is the credit we grant out of line with what customers there buy?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- param gap_points: float = 50 range 0..100 | percentile points between the two rankings above which a country is flagged
-- column country: text | TRIM(customers.country); countries with at least one customer holding credit (creditLimit > 0)
-- column customers: int | customers with creditLimit > 0
-- column avg_credit_limit: money | USD, mean creditLimit of those customers
-- column revenue: money | USD, their Σ quantityOrdered × priceEach over orders not Cancelled
-- column revenue_per_customer: money | USD, revenue / customers
-- column credit_percentile: pct | PERCENT_RANK of avg_credit_limit among the countries, 0–100
-- column revenue_percentile: pct | PERCENT_RANK of revenue_per_customer among the countries, 0–100
-- column percentile_gap: pct | credit_percentile − revenue_percentile, in percentile points
-- column anomaly: text | High credit for sales (gap ≥ gap_points), Low credit for sales (gap ≤ −gap_points), In line
-- PERCENT_RANK, not NTILE(100): about 20 countries can never fill a hundred buckets.
WITH customer_sales AS (
    SELECT o.customerNumber, ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
),
by_country AS (
    SELECT
        TRIM(c.country) AS country,
        COUNT(*) AS customers,
        ROUND(AVG(c.creditLimit), 2) AS avg_credit_limit,
        ROUND(COALESCE(SUM(s.revenue), 0), 2) AS revenue
    FROM customers AS c
    LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
    WHERE c.creditLimit > 0
    GROUP BY TRIM(c.country)
),
ranked AS (
    SELECT
        country,
        customers,
        avg_credit_limit,
        revenue,
        CAST(revenue AS DOUBLE) / customers AS revenue_per_customer,
        100.0 * PERCENT_RANK() OVER (ORDER BY avg_credit_limit) AS credit_percentile,
        100.0 * PERCENT_RANK() OVER (ORDER BY CAST(revenue AS DOUBLE) / customers)
            AS revenue_percentile,
        RANK() OVER (ORDER BY avg_credit_limit)
            - RANK() OVER (ORDER BY CAST(revenue AS DOUBLE) / customers) AS rank_gap,
        COUNT(*) OVER () - 1 AS rank_span
    FROM by_country
)
SELECT
    country,
    customers,
    avg_credit_limit,
    revenue,
    revenue_per_customer,
    credit_percentile,
    revenue_percentile,
    credit_percentile - revenue_percentile AS percentile_gap,
    -- compared on whole ranks (gap × 100 against gap_points × span) so that ties stay exact
    CASE
        WHEN rank_span > 0 AND 100 * rank_gap >= :gap_points * rank_span
            THEN 'High credit for sales'
        WHEN rank_span > 0 AND -100 * rank_gap >= :gap_points * rank_span
            THEN 'Low credit for sales'
        ELSE 'In line'
    END AS anomaly
FROM ranked
ORDER BY rank_gap DESC, country
