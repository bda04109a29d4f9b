-- title: High-risk customers
-- question: Which customers are risky (credit out of line with sales, no orders, or gone quiet), and how much unpaid money sits with them?
-- param as_of: date = latest_order_date | the day risk is judged; later orders and payments are ignored
-- param threshold: float = 2 range 1.. | credit/sales ratio beyond which a customer is misaligned (as in credit_sales_misalignment)
-- param recency_days: int = 180 range 0..36500 | days without an order after which a customer counts as inactive
-- column customerNumber: int | customer key; only customers with at least one risk are listed
-- column customerName: text | customer name
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | assigned sales rep; empty when none
-- column creditLimit: money | USD
-- column revenue: money | USD, Σ quantityOrdered × priceEach over orders not Cancelled up to as_of
-- column last_order_date: date | latest orderDate of those orders; empty when none
-- column days_since_last_order: int | days from last_order_date to as_of; empty when no orders
-- column is_misaligned: bool | Over- or Under-credited by the threshold
-- column has_no_orders: bool | no order (other than Cancelled) up to as_of
-- column is_inactive: bool | days_since_last_order > recency_days
-- column risk_count: int | how many of the three risks apply
-- column risk_reasons: text | the risks, separated by '; '
-- column outstanding_balance: money | USD, invoiced (orders not Cancelled) − paid, up to as_of
-- column amount_at_risk: money | USD, the unpaid balance when positive, else 0
WITH
-- include: order_totals
customer_sales AS (
    SELECT
        o.customerNumber,
        ROUND(CAST(SUM(t.order_value) AS DECIMAL(18, 2)), 2) AS revenue,
        MAX(o.orderDate) AS last_order_date
    FROM orders AS o
    JOIN order_totals AS t ON t.orderNumber = o.orderNumber
    WHERE o.status <> 'Cancelled' AND o.orderDate <= CAST(:as_of AS DATE)
    GROUP BY o.customerNumber
),
customer_paid AS (
    SELECT customerNumber, ROUND(SUM(amount), 2) AS paid
    FROM payments
    WHERE paymentDate <= CAST(:as_of AS DATE)
    GROUP BY customerNumber
),
positions AS (
    SELECT
        c.customerNumber,
        c.customerName,
        TRIM(c.country) AS country,
        c.salesRepEmployeeNumber,
        COALESCE(c.creditLimit, 0) AS creditLimit,
        COALESCE(s.revenue, 0) AS revenue,
        s.last_order_date,
        DATE_DIFF('day', s.last_order_date, CAST(:as_of AS DATE)) AS days_since_last_order,
        ROUND(COALESCE(s.revenue, 0) - COALESCE(p.paid, 0), 2) AS outstanding_balance
    FROM customers AS c
    LEFT JOIN customer_sales AS s ON s.customerNumber = c.customerNumber
    LEFT JOIN customer_paid AS p ON p.customerNumber = c.customerNumber
),
flags AS (
    SELECT
        customerNumber,
        customerName,
        country,
        salesRepEmployeeNumber,
        creditLimit,
        revenue,
        last_order_date,
        days_since_last_order,
        outstanding_balance,
        CASE
            WHEN creditLimit > 0 AND creditLimit >= :threshold * revenue THEN 1
            WHEN revenue > 0 AND revenue >= :threshold * creditLimit THEN 1
            ELSE 0
        END AS misaligned,
        CASE WHEN last_order_date IS NULL THEN 1 ELSE 0 END AS no_orders,
        CASE WHEN days_since_last_order > :recency_days THEN 1 ELSE 0 END AS inactive
    FROM positions
)
SELECT
    customerNumber,
    customerName,
    country,
    salesRepEmployeeNumber,
    creditLimit,
    revenue,
    last_order_date,
    days_since_last_order,
    misaligned = 1 AS is_misaligned,
    no_orders = 1 AS has_no_orders,
    inactive = 1 AS is_inactive,
    misaligned + no_orders + inactive AS risk_count,
    SUBSTR(
        CASE WHEN misaligned = 1 THEN '; credit out of line with sales' ELSE '' END
        || CASE WHEN no_orders = 1 THEN '; no orders' ELSE '' END
        || CASE WHEN inactive = 1 THEN '; inactive' ELSE '' END,
        3
    ) AS risk_reasons,
    outstanding_balance,
    CASE WHEN outstanding_balance > 0 THEN outstanding_balance ELSE 0 END AS amount_at_risk
FROM flags
WHERE misaligned + no_orders + inactive > 0
ORDER BY amount_at_risk DESC, risk_count DESC, customerNumber
