-- title: Sales by region
-- question: How does revenue split across world regions, and which countries lead each region?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column region: text | from the country → region table in this file (UN M49 sub-regions, merged); unknown countries → 'Other'
-- column country: text | TRIM(customers.country)
-- column customers: int | customers in the country (with or without orders)
-- column active_customers: int | customers with at least one order (not Cancelled)
-- column orders: int | orders not Cancelled
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column share_of_region_pct: pct | 100 × revenue / region_revenue (NULL when the region has no revenue)
-- column rank_in_region: int | 1 = highest revenue in the region (RANK: equal revenue, equal rank)
-- column region_revenue: money | USD, revenue of the whole region
-- column region_share_pct: pct | 100 × region_revenue / total revenue
-- column region_rank: int | 1 = region with the highest revenue (DENSE_RANK over regions)
-- column share_of_total_pct: pct | 100 × revenue / total revenue
-- The mapping matches LOWER(TRIM(country)), so 'USA', 'usa ' and 'United States' all map to North America.
WITH region_map (country_key, region) AS (
    VALUES
        ('usa', 'North America'), ('united states', 'North America'),
        ('united states of america', 'North America'), ('us', 'North America'),
        ('canada', 'North America'),
        ('mexico', 'Latin America'), ('brazil', 'Latin America'), ('argentina', 'Latin America'),
        ('chile', 'Latin America'), ('colombia', 'Latin America'), ('peru', 'Latin America'),
        ('venezuela', 'Latin America'), ('uruguay', 'Latin America'), ('ecuador', 'Latin America'),
        ('costa rica', 'Latin America'), ('panama', 'Latin America'),
        ('france', 'Western Europe'), ('germany', 'Western Europe'), ('belgium', 'Western Europe'),
        ('netherlands', 'Western Europe'), ('the netherlands', 'Western Europe'),
        ('luxembourg', 'Western Europe'), ('switzerland', 'Western Europe'),
        ('austria', 'Western Europe'), ('liechtenstein', 'Western Europe'),
        ('monaco', 'Western Europe'),
        ('uk', 'Northern Europe'), ('united kingdom', 'Northern Europe'),
        ('great britain', 'Northern Europe'), ('england', 'Northern Europe'),
        ('scotland', 'Northern Europe'), ('wales', 'Northern Europe'),
        ('ireland', 'Northern Europe'), ('norway', 'Northern Europe'),
        ('sweden', 'Northern Europe'), ('denmark', 'Northern Europe'),
        ('finland', 'Northern Europe'), ('iceland', 'Northern Europe'),
        ('estonia', 'Northern Europe'), ('latvia', 'Northern Europe'),
        ('lithuania', 'Northern Europe'),
        ('spain', 'Southern Europe'), ('portugal', 'Southern Europe'), ('italy', 'Southern Europe'),
        ('greece', 'Southern Europe'), ('malta', 'Southern Europe'), ('cyprus', 'Southern Europe'),
        ('croatia', 'Southern Europe'), ('slovenia', 'Southern Europe'),
        ('serbia', 'Southern Europe'),
        ('poland', 'Eastern Europe'), ('russia', 'Eastern Europe'),
        ('russian federation', 'Eastern Europe'), ('czech republic', 'Eastern Europe'),
        ('czechia', 'Eastern Europe'), ('slovakia', 'Eastern Europe'),
        ('hungary', 'Eastern Europe'), ('romania', 'Eastern Europe'),
        ('bulgaria', 'Eastern Europe'), ('ukraine', 'Eastern Europe'),
        ('belarus', 'Eastern Europe'),
        ('israel', 'Middle East & Africa'), ('south africa', 'Middle East & Africa'),
        ('united arab emirates', 'Middle East & Africa'), ('uae', 'Middle East & Africa'),
        ('saudi arabia', 'Middle East & Africa'), ('turkey', 'Middle East & Africa'),
        ('egypt', 'Middle East & Africa'), ('morocco', 'Middle East & Africa'),
        ('nigeria', 'Middle East & Africa'), ('kenya', 'Middle East & Africa'),
        ('qatar', 'Middle East & Africa'),
        ('japan', 'Asia'), ('china', 'Asia'), ('hong kong', 'Asia'), ('singapore', 'Asia'),
        ('philippines', 'Asia'), ('india', 'Asia'), ('south korea', 'Asia'), ('korea', 'Asia'),
        ('taiwan', 'Asia'), ('malaysia', 'Asia'), ('thailand', 'Asia'), ('indonesia', 'Asia'),
        ('vietnam', 'Asia'),
        ('australia', 'Oceania'), ('new zealand', 'Oceania')
),
order_totals AS (
    -- revenue per order first, straight off the orderdetails key: the cheapest pass over the lines
    SELECT orderNumber, SUM(CAST(quantityOrdered AS DOUBLE) * priceEach) AS revenue
    FROM orderdetails
    GROUP BY orderNumber
),
order_revenue AS (
    SELECT o.orderNumber, o.customerNumber, o.orderDate, t.revenue
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
),
customer_sales AS (
    SELECT
        c.customerNumber,
        TRIM(c.country) AS country,
        COUNT(r.orderNumber) AS orders,
        SUM(r.revenue) AS revenue
    FROM customers AS c
    LEFT JOIN order_revenue AS r ON r.customerNumber = c.customerNumber
    GROUP BY c.customerNumber, TRIM(c.country)
),
by_country AS (
    SELECT
        COALESCE(m.region, 'Other') AS region,
        s.country,
        COUNT(*) AS customers,
        SUM(CASE WHEN s.orders > 0 THEN 1 ELSE 0 END) AS active_customers,
        SUM(s.orders) AS orders,
        ROUND(CAST(COALESCE(SUM(s.revenue), 0) AS DECIMAL(18, 2)), 2) AS revenue
    FROM customer_sales AS s
    LEFT JOIN region_map AS m ON m.country_key = LOWER(s.country)
    GROUP BY COALESCE(m.region, 'Other'), s.country
),
with_region AS (
    SELECT
        b.*,
        SUM(b.revenue) OVER (PARTITION BY b.region) AS region_revenue,
        SUM(b.revenue) OVER () AS total_revenue
    FROM by_country AS b
)
SELECT
    region,
    country,
    customers,
    active_customers,
    orders,
    revenue,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(region_revenue AS DOUBLE), 0) AS share_of_region_pct,
    RANK() OVER (PARTITION BY region ORDER BY revenue DESC) AS rank_in_region,
    region_revenue,
    100.0 * CAST(region_revenue AS DOUBLE) / NULLIF(CAST(total_revenue AS DOUBLE), 0)
        AS region_share_pct,
    DENSE_RANK() OVER (ORDER BY region_revenue DESC) AS region_rank,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(total_revenue AS DOUBLE), 0) AS share_of_total_pct
FROM with_region
ORDER BY region_rank, region, rank_in_region, country
