-- title: Monthly sales series per product
-- question: How many units and how much revenue did each product sell in every calendar month, zeros included?
-- param as_of: date = latest_order_date | months up to the one holding this date; orders after it do not count
-- column productCode: text | every product sold at least once up to as_of
-- column productLine: text | products.productLine
-- column month: date | first day of the calendar month; every month from the first order (any product) to as_of, missing months filled with 0
-- column month_of_year: int | 1–12, for seasonal features
-- column complete: bool | the month's last day is on or before as_of (a partial last month is flagged, not dropped)
-- column units: int | Σ quantityOrdered over orders not Cancelled placed in the month
-- column orders: int | orders (not Cancelled) with the product (one line per product per order: the orderdetails key)
-- column revenue: money | USD, Σ quantityOrdered × priceEach
WITH RECURSIVE
-- include: calendar_months
product_month_sales AS (
    SELECT
        d.productCode,
        m.month_index,
        SUM(d.quantityOrdered) AS units,
        COUNT(*) AS orders,
        SUM(CAST(d.quantityOrdered AS DOUBLE) * d.priceEach) AS revenue
    FROM order_months AS m
    JOIN orderdetails AS d ON d.orderNumber = m.orderNumber
    GROUP BY d.productCode, m.month_index
),
sold_products AS (
    SELECT p.productCode, p.productLine
    FROM products AS p
    WHERE p.productCode IN (SELECT productCode FROM product_month_sales)
)
SELECT
    p.productCode,
    p.productLine,
    m.month_start AS month,
    m.mo AS month_of_year,
    m.complete,
    COALESCE(s.units, 0) AS units,
    COALESCE(s.orders, 0) AS orders,
    ROUND(CAST(COALESCE(s.revenue, 0) AS DECIMAL(18, 2)), 2) AS revenue
FROM sold_products AS p
CROSS JOIN months AS m
LEFT JOIN product_month_sales AS s
    ON s.productCode = p.productCode AND s.month_index = m.month_index
ORDER BY p.productCode, m.month_index
