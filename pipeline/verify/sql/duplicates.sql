-- Natural-key values held by more than one row of {{table}} (rows with a NULL key part are not
-- compared, as a UNIQUE constraint would not). The first five values, and how many there are in all.
SELECT count(*) OVER ()::int AS total, concat_ws(' | ', {{key_text}}) AS key, count(*)::int AS rows
  FROM (SELECT {{key_select}} FROM {{table}} r) k
 WHERE {{key_not_null}}
 GROUP BY {{key_group}}
HAVING count(*) > 1
 ORDER BY count(*) DESC, 2
 LIMIT 5;
