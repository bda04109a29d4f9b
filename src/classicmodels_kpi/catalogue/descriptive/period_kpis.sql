-- title: Executive KPIs of one period
-- question: Between two dates, what were revenue, orders, AOV, active customers, gross margin, on-time rate and the top-10 products' share?
-- param start: date = latest_order_date | first day of the period (included)
-- param end: date = latest_order_date | last day of the period (included)
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled with orderDate in [start, end]
-- column orders: int | orders not Cancelled with orderDate in [start, end]
-- column aov: money | USD, revenue / orders (NULL when there are no orders)
-- column active_customers: int | distinct customers with an order (not Cancelled) in the period
-- column gross_margin: money | USD, Σ quantityOrdered × (priceEach − buyPrice) over the same lines
-- column gross_margin_pct: pct | 100 × gross_margin / revenue (NULL when revenue is 0)
-- column shipped_orders: int | orders of any status with shippedDate in [start, end] and a known requiredDate (as monthly_sales)
-- column on_time_orders: int | of those, shipped on or before requiredDate
-- column on_time_pct: pct | 100 × on_time_orders / shipped_orders (NULL when nothing shipped)
-- column top10_products_revenue: money | USD, revenue of the period's 10 best-selling products (ties broken by productCode)
-- column top10_products_share_pct: pct | 100 × top10_products_revenue / revenue (NULL when revenue is 0)
-- column data_first_order: date | earliest orderDate in the whole database (coverage check)
-- column data_last_order: date | latest orderDate in the whole database (coverage check)
WITH period_orders AS (
    SELECT orderNumber, customerNumber
    FROM orders
    WHERE status <> 'Cancelled'
      AND orderDate BETWEEN CAST(:start AS DATE) AND CAST(:end AS DATE)
),
period_lines AS (
    SELECT
        d.productCode,
        d.quantityOrdered * d.priceEach AS revenue,
        d.quantityOrdered * (d.priceEach - p.buyPrice) AS margin
    FROM orderdetails AS d
    JOIN period_orders AS o ON o.orderNumber = d.orderNumber
    LEFT JOIN products AS p ON p.productCode = d.productCode
),
order_totals AS (
    SELECT COUNT(*) AS orders, COUNT(DISTINCT customerNumber) AS active_customers
    FROM period_orders
),
line_totals AS (
    SELECT
        COALESCE(SUM(revenue), 0) AS revenue,
        COALESCE(SUM(margin), 0) AS gross_margin
    FROM period_lines
),
product_revenue AS (
    SELECT productCode, SUM(revenue) AS revenue
    FROM period_lines
    GROUP BY productCode
),
ranked_products AS (
    SELECT revenue, ROW_NUMBER() OVER (ORDER BY revenue DESC, productCode) AS sales_rank
    FROM product_revenue
),
top10 AS (
    SELECT COALESCE(SUM(revenue), 0) AS top10_products_revenue
    FROM ranked_products
    WHERE sales_rank <= 10
),
shipping AS (
    SELECT
        COUNT(*) AS shipped_orders,
        COALESCE(SUM(CASE WHEN shippedDate <= requiredDate THEN 1 ELSE 0 END), 0) AS on_time_orders
    FROM orders
    WHERE shippedDate BETWEEN CAST(:start AS DATE) AND CAST(:end AS DATE)
      AND requiredDate IS NOT NULL
),
data_span AS (
    SELECT MIN(orderDate) AS data_first_order, MAX(orderDate) AS data_last_order
    FROM orders
)
SELECT
    l.revenue,
    o.orders,
    CAST(l.revenue AS DOUBLE) / NULLIF(o.orders, 0) AS aov,
    o.active_customers,
    l.gross_margin,
    100.0 * CAST(l.gross_margin AS DOUBLE) / NULLIF(l.revenue, 0) AS gross_margin_pct,
    s.shipped_orders,
    s.on_time_orders,
    100.0 * CAST(s.on_time_orders AS DOUBLE) / NULLIF(s.shipped_orders, 0) AS on_time_pct,
    t.top10_products_revenue,
    100.0 * CAST(t.top10_products_revenue AS DOUBLE) / NULLIF(l.revenue, 0)
        AS top10_products_share_pct,
    d.data_first_order,
    d.data_last_order
FROM order_totals AS o
CROSS JOIN line_totals AS l
CROSS JOIN top10 AS t
CROSS JOIN shipping AS s
CROSS JOIN data_span AS d
