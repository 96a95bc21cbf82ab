-- The plan's integrity query (PLAN.md 4.1) while service_sessions does not exist yet: the same query
-- with the sessions join left out, session_count 0.
SELECT 
    c.customer_id,
    c.name,
    c.phone,
    COUNT(DISTINCT k.kit_id) as kit_count,
    0 as session_count
FROM customers c
LEFT JOIN kit_receipts k ON c.customer_id = k.customer_id
GROUP BY c.customer_id, c.name, c.phone
HAVING COUNT(DISTINCT k.kit_id) > 0;
