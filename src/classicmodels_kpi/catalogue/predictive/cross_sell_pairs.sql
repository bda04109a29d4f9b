-- title: Cross-sell product pairs
-- question: Which products are bought together in the same order more often than chance would predict?
-- param min_orders: int = 3 range 1.. | keep pairs that share at least this many orders
-- param as_of: date = latest_order_date | orders placed on or before this date count
-- column product_a: text | productCode of the first product (the smaller code of the pair)
-- column product_a_name: text | its productName
-- column product_b: text | productCode of the second product
-- column product_b_name: text | its productName
-- column pair_orders: int | orders (not Cancelled) holding both products
-- column orders_a: int | orders holding product_a
-- column orders_b: int | orders holding product_b
-- column support_pct: pct | 100 × pair_orders / all orders (not Cancelled, with lines)
-- column confidence_a_to_b_pct: pct | 100 × pair_orders / orders_a: of the orders with A, the share that also hold B
-- column confidence_b_to_a_pct: pct | 100 × pair_orders / orders_b
-- column lift: float | pair_orders × all orders / (orders_a × orders_b): above 1 = bought together more than chance
-- Sorted by lift, then pair_orders (both descending), then product_a, product_b. A product appears
-- at most once per order (the orderdetails key is orderNumber, productCode).
WITH product_ids AS (
    -- pairs are counted on small integer ids: joining and grouping on them is cheaper than on codes
    SELECT productCode, ROW_NUMBER() OVER (ORDER BY productCode) AS product_id
    FROM products
),
order_products AS (
    SELECT d.orderNumber, i.product_id
    FROM orders AS o
    JOIN orderdetails AS d ON d.orderNumber = o.orderNumber
    JOIN product_ids AS i ON i.productCode = d.productCode
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
),
product_orders AS (
    SELECT product_id, COUNT(*) AS orders
    FROM order_products
    GROUP BY product_id
),
all_orders AS (
    SELECT COUNT(DISTINCT orderNumber) AS orders
    FROM order_products
),
-- A pair cannot share more orders than either of its products has: products below min_orders
-- are dropped before the self-join, the only costly step.
candidates AS (
    SELECT op.orderNumber, op.product_id
    FROM order_products AS op
    JOIN product_orders AS po ON po.product_id = op.product_id
    WHERE po.orders >= :min_orders
),
pairs AS (
    SELECT a.product_id AS id_a, b.product_id AS id_b, COUNT(*) AS pair_orders
    FROM candidates AS a
    JOIN candidates AS b ON b.orderNumber = a.orderNumber AND a.product_id < b.product_id
    GROUP BY a.product_id, b.product_id
    HAVING COUNT(*) >= :min_orders
)
SELECT
    ia.productCode AS product_a,
    pa.productName AS product_a_name,
    ib.productCode AS product_b,
    pb.productName AS product_b_name,
    p.pair_orders,
    oa.orders AS orders_a,
    ob.orders AS orders_b,
    100.0 * CAST(p.pair_orders AS DOUBLE) / t.orders AS support_pct,
    100.0 * CAST(p.pair_orders AS DOUBLE) / oa.orders AS confidence_a_to_b_pct,
    100.0 * CAST(p.pair_orders AS DOUBLE) / ob.orders AS confidence_b_to_a_pct,
    CAST(p.pair_orders AS DOUBLE) * t.orders / (CAST(oa.orders AS DOUBLE) * ob.orders) AS lift
FROM pairs AS p
CROSS JOIN all_orders AS t
JOIN product_orders AS oa ON oa.product_id = p.id_a
JOIN product_orders AS ob ON ob.product_id = p.id_b
JOIN product_ids AS ia ON ia.product_id = p.id_a
JOIN product_ids AS ib ON ib.product_id = p.id_b
JOIN products AS pa ON pa.productCode = ia.productCode
JOIN products AS pb ON pb.productCode = ib.productCode
ORDER BY lift DESC, p.pair_orders DESC, product_a, product_b
