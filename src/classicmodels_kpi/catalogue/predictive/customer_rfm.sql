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
WITH order_revenue AS (
    -- one row per order first: cheaper than COUNT(DISTINCT) over order lines
    SELECT o.orderNumber, o.customerNumber, o.orderDate, SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.orderNumber, o.customerNumber, o.orderDate
),
customer_orders AS (
    SELECT
        customerNumber,
        COUNT(*) AS frequency,
        ROUND(CAST(SUM(revenue) AS DECIMAL(18, 2)), 2) AS monetary,
        MAX(orderDate) AS last_order_date
    FROM order_revenue
    GROUP BY customerNumber
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
    s.customerNumber,
    c.customerName,
    TRIM(c.country) AS country,
    s.last_order_date,
    s.recency_days,
    s.frequency,
    s.monetary,
    s.r_score,
    s.f_score,
    s.m_score,
    s.r_score + s.f_score + s.m_score AS rfm_score,
    CAST(s.r_score AS VARCHAR) || CAST(s.f_score AS VARCHAR) || CAST(s.m_score AS VARCHAR)
        AS rfm_code,
    CASE
        WHEN s.r_score + s.f_score + s.m_score >= 13 THEN 'Top'
        WHEN s.r_score + s.f_score + s.m_score >= 10 THEN 'High'
        WHEN s.r_score + s.f_score + s.m_score >= 7 THEN 'Mid'
        ELSE 'Low'
    END AS segment
FROM scored AS s
JOIN customers AS c ON c.customerNumber = s.customerNumber
ORDER BY rfm_score DESC, s.monetary DESC, s.customerNumber
