-- Twenty events a day for ten entities, generated (PostgreSQL reads no CSV files).
select extract(day from {{ start }})::bigint * 1000 + g as event_id,
       g % 10 as entity_id,
       {{ start }} as event_date,
       round((g * 1.25 + extract(day from {{ start }}))::numeric, 2) as amount,
       {{ start }} + interval '1 hour' as ingested_at
from generate_series(1, 20) as g
