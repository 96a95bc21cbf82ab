-- The plan's integrity query (PLAN.md 4.1, 데이터 무결성 확인) as the plan wrote it: every customer with
-- at least one kit or session, and how many of each. Verification sums it up (plan-integrity.ts).
SELECT 
    c.customer_id,
    c.name,
    c.phone,
    COUNT(DISTINCT k.kit_id) as kit_count,
    COUNT(DISTINCT s.session_id) as session_count
FROM customers c
LEFT JOIN kit_receipts k ON c.customer_id = k.customer_id
LEFT JOIN service_sessions s ON c.customer_id = s.customer_id
GROUP BY c.customer_id, c.name, c.phone
HAVING COUNT(DISTINCT k.kit_id) > 0 OR COUNT(DISTINCT s.session_id) > 0;
