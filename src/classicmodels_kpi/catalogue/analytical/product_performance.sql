-- title: Product performance with ABC classes
-- question: Which products bring the revenue and the margin, and which few make up most of it?
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column productCode: text | product key; every product, sold or not
-- column productName: text | products.productName
-- column productLine: text | products.productLine
-- column units: int | units sold, Σ quantityOrdered over orders not Cancelled
-- column orders: int | orders (not Cancelled) with the product (one line per product per order: the orderdetails key)
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled
-- column gross_margin: money | USD, Σ quantityOrdered × (priceEach − buyPrice)
-- column gross_margin_pct: pct | 100 × gross_margin / revenue (NULL when unsold)
-- column avg_price: money | USD per unit, revenue / units (NULL when unsold)
-- column revenue_share_pct: pct | 100 × revenue / total revenue
-- column cumulative_share_pct: pct | 100 × revenue of the products ranked up to and including this one / total
-- column revenue_rank: int | 1 = highest revenue; ties broken by productCode
-- column abc_class: text | A while the share of the products ranked before it is under 80 %, B under 95 %, else C
WITH product_sales AS (
    SELECT
        d.productCode,
        SUM(d.quantityOrdered) AS units,
        COUNT(*) AS orders,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach)
            - SUM(CAST(d.quantityOrdered AS DOUBLE) * p.buyPrice) AS gross_margin
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN products AS p ON p.productCode = d.productCode
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY d.productCode
),
all_products AS (
    SELECT
        p.productCode,
        p.productName,
        p.productLine,
        COALESCE(s.units, 0) AS units,
        COALESCE(s.orders, 0) AS orders,
        ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue,
        ROUND(CAST(COALESCE(s.gross_margin, 0) AS DECIMAL(18, 2)), 2) AS gross_margin
    FROM products AS p
    LEFT JOIN product_sales AS s ON s.productCode = p.productCode
),
ranked AS (
    SELECT
        a.*,
        ROW_NUMBER() OVER (ORDER BY a.revenue DESC, a.productCode) AS revenue_rank,
        SUM(a.revenue) OVER (
            ORDER BY a.revenue DESC, a.productCode ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS cumulative_revenue,
        SUM(a.revenue) OVER () AS total_revenue
    FROM all_products AS a
)
SELECT
    productCode,
    productName,
    productLine,
    units,
    orders,
    revenue,
    gross_margin,
    100.0 * CAST(gross_margin AS DOUBLE) / NULLIF(CAST(revenue AS DOUBLE), 0) AS gross_margin_pct,
    CAST(revenue AS DOUBLE) / NULLIF(units, 0) AS avg_price,
    100.0 * CAST(revenue AS DOUBLE) / NULLIF(CAST(total_revenue AS DOUBLE), 0) AS revenue_share_pct,
    100.0 * CAST(cumulative_revenue AS DOUBLE) / NULLIF(CAST(total_revenue AS DOUBLE), 0)
        AS cumulative_share_pct,
    revenue_rank,
    CASE
        WHEN cumulative_revenue - revenue < 0.80 * total_revenue THEN 'A'
        WHEN cumulative_revenue - revenue < 0.95 * total_revenue THEN 'B'
        ELSE 'C'
    END AS abc_class
FROM ranked
ORDER BY revenue_rank
