-- title: Customer and sales rep directory
-- question: Who looks after each customer, and from which office?
-- column customerNumber: int | customer key
-- column customerName: text | customer name
-- column contact_name: text | contactLastName, contactFirstName
-- column phone: text | customer phone
-- column city: text | customer city
-- column country: text | TRIM(customers.country)
-- column salesRepEmployeeNumber: int | assigned rep; empty when none
-- column rep_name: text | lastName, firstName of the rep; empty when none or unknown
-- column rep_email: text | the rep's email
-- column officeCode: text | the rep's office
-- column office_city: text | city of that office
-- column office_country: text | TRIM(offices.country)
SELECT
    c.customerNumber,
    c.customerName,
    c.contactLastName || ', ' || c.contactFirstName AS contact_name,
    c.phone,
    c.city,
    TRIM(c.country) AS country,
    c.salesRepEmployeeNumber,
    e.lastName || ', ' || e.firstName AS rep_name,
    e.email AS rep_email,
    e.officeCode,
    f.city AS office_city,
    TRIM(f.country) AS office_country
FROM customers AS c
LEFT JOIN employees AS e ON e.employeeNumber = c.salesRepEmployeeNumber
LEFT JOIN offices AS f ON f.officeCode = e.officeCode
ORDER BY c.customerNumber
