-- Clean events: drop rows without an amount, round to cents.
select event_id, entity_id, event_date, round(amount, 2) as amount, ingested_at
from {{ ref('raw_events') }}
where event_date >= {{ start }} and event_date < {{ end }}
  and amount is not null
