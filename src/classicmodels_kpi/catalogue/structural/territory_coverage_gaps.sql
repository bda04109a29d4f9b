-- title: Countries with sales but no office
-- question: Which customer countries bring revenue without an office of ours in that country?
-- param as_of: date = latest_order_date | orders dated after this day are ignored
-- column country: text | TRIM(customers.country) with revenue and no office whose TRIM(country) matches
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column revenue_share_pct: pct | share of total revenue (all countries), 0–100
-- column orders: int | orders not Cancelled
-- column customers: int | customers of the country with such orders
-- column serving_offices: int | distinct offices whose reps serve those customers
-- column customers_without_rep: int | customers of the country with revenue and no sales rep
WITH
-- include: order_revenue
-- per order (order_revenue), then per customer, then per country: each step groups far fewer rows
-- than the joined order lines, and customers are counted without a COUNT(DISTINCT). Customers are
-- joined inside the first GROUP BY: an aggregate joined back on its key would let MariaDB re-run
-- the per-order totals once per customer (split materialization).
customer_sales AS (
    SELECT
        c.customerNumber,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COUNT(*) AS orders,
        SUM(ROUND(CAST(r.revenue AS DECIMAL(18, 2)), 2)) AS revenue
    FROM order_revenue AS r
    JOIN customers AS c ON c.customerNumber = r.customerNumber
    GROUP BY c.customerNumber, TRIM(c.country), c.salesRepEmployeeNumber
),
by_country AS (
    SELECT
        s.country,
        ROUND(SUM(s.revenue), 2) AS revenue,
        SUM(s.orders) AS orders,
        COUNT(*) AS customers,
        COUNT(DISTINCT e.officeCode) AS serving_offices,
        SUM(CASE WHEN s.salesRepEmployeeNumber IS NULL THEN 1 ELSE 0 END) AS customers_without_rep
    FROM customer_sales AS s
    LEFT JOIN employees AS e ON e.employeeNumber = s.salesRepEmployeeNumber
    GROUP BY s.country
),
shares AS (
    SELECT
        country,
        revenue,
        100.0 * CAST(revenue AS DOUBLE) / NULLIF(SUM(revenue) OVER (), 0) AS revenue_share_pct,
        orders,
        customers,
        serving_offices,
        customers_without_rep
    FROM by_country
)
SELECT
    country,
    revenue,
    revenue_share_pct,
    orders,
    customers,
    serving_offices,
    customers_without_rep
FROM shares AS s
WHERE revenue > 0
    AND NOT EXISTS (SELECT 1 FROM offices AS f WHERE TRIM(f.country) = s.country)
ORDER BY revenue DESC, country
