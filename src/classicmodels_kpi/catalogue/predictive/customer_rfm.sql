-- title: Customer RFM scores and segments
-- question: Which customers bought recently, often and for much, and which segment is each in?
-- param as_of: date = latest_order_date | recency is measured to this date; orders after it do not count
-- column customerNumber: int | customers with at least one order (not Cancelled) on or before as_of
-- column customerName: text | customers.customerName
-- column country: text | TRIM(customers.country)
-- column last_order_date: date | latest order (not Cancelled) on or before as_of
-- column recency_days: int | days from last_order_date to as_of
-- column frequency: int | orders (not Cancelled)
-- column monetary: money | USD, revenue: Σ quantityOrdered × priceEach over those orders
-- column r_score: int | 1–5, 5 = most recent: CEIL(5 × CUME_DIST) with customers ordered from the longest recency to the shortest; ties score alike
-- column f_score: int | 1–5, 5 = most orders: CEIL(5 × CUME_DIST) ordered by frequency ascending; ties score alike
-- column m_score: int | 1–5, 5 = most revenue: CEIL(5 × CUME_DIST) ordered by monetary ascending; ties score alike
-- column rfm_score: int | r_score + f_score + m_score, 3–15
-- column rfm_code: text | the three scores as digits, e.g. '545'
-- column segment: text | Top (rfm_score 13–15), High (10–12), Mid (7–9), Low (under 7)
-- CUME_DIST is computed in integers (k customers at or below this one's rank among n): score = ⌈5k / n⌉,
-- so the scores are exact and identical on every engine.
WITH
-- include: order_revenue
-- customers are joined inside the GROUP BY: an aggregate joined back on its key would let MariaDB
-- re-run the per-order totals once per customer (split materialization)
customer_orders AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        COUNT(*) AS frequency,
        ROUND(CAST(SUM(r.revenue) AS DECIMAL(18, 2)), 2) AS monetary,
        MAX(r.orderDate) AS last_order_date
    FROM customers AS c
    JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    GROUP BY c.customerNumber, c.customerName, TRIM(c.country)
),
measured AS (
    SELECT
        c.*,
        DATE_DIFF('day', c.last_order_date, CAST(:as_of AS DATE)) AS recency_days
    FROM customer_orders AS c
),
cumulated AS (
    SELECT
        m.*,
        COUNT(*) OVER () AS n,
        COUNT(*) OVER (ORDER BY m.recency_days DESC) AS r_k,
        COUNT(*) OVER (ORDER BY m.frequency) AS f_k,
        COUNT(*) OVER (ORDER BY m.monetary) AS m_k
    FROM measured AS m
),
scored AS (
    SELECT
        c.*,
        (5 * c.r_k + c.n - 1) // c.n AS r_score,
        (5 * c.f_k + c.n - 1) // c.n AS f_score,
        (5 * c.m_k + c.n - 1) // c.n AS m_score
    FROM cumulated AS c
)
SELECT
    customerNumber,
    customerName,
    country,
    last_order_date,
    recency_days,
    frequency,
    monetary,
    r_score,
    f_score,
    m_score,
    r_score + f_score + m_score AS rfm_score,
    CAST(r_score AS VARCHAR) || CAST(f_score AS VARCHAR) || CAST(m_score AS VARCHAR) AS rfm_code,
    CASE
        WHEN r_score + f_score + m_score >= 13 THEN 'Top'
        WHEN r_score + f_score + m_score >= 10 THEN 'High'
        WHEN r_score + f_score + m_score >= 7 THEN 'Mid'
        ELSE 'Low'
    END AS segment
FROM scored
ORDER BY rfm_score DESC, monetary DESC, customerNumber
