-- Per-entity 3-day rolling features for day {{ partition }}.
select entity_id,
       {{ start }} as date,
       count(*) as events_3d,
       round(sum(amount), 2) as amount_3d
from {{ ref('staging_events') }}
where event_date >= {{ start }} - interval '2 day' and event_date < {{ end }}
group by entity_id
