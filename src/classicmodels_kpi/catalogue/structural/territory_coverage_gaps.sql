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
WITH order_values AS (
    SELECT
        o.orderNumber,
        o.customerNumber,
        ROUND(SUM(d.quantityOrdered * d.priceEach), 2) AS order_value
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.orderNumber, o.customerNumber
),
by_country AS (
    SELECT
        TRIM(c.country) AS country,
        ROUND(SUM(v.order_value), 2) AS revenue,
        COUNT(*) AS orders,
        COUNT(DISTINCT c.customerNumber) AS customers,
        COUNT(DISTINCT e.officeCode) AS serving_offices,
        COUNT(DISTINCT CASE WHEN c.salesRepEmployeeNumber IS NULL THEN c.customerNumber END)
            AS customers_without_rep
    FROM order_values AS v
    JOIN customers AS c ON c.customerNumber = v.customerNumber
    LEFT JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
    GROUP BY TRIM(c.country)
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
