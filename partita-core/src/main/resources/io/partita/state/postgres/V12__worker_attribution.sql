-- Which worker executed each task attempt (NULL: the process that owned the run, as before V12),
-- and how many claimed tasks each worker saw to their end (succeeded, failed or cancelled; not
-- the ones it handed back), for `partita workers`, the dashboard and /metrics.
ALTER TABLE audit_log ADD COLUMN worker TEXT;
ALTER TABLE workers ADD COLUMN tasks_done INTEGER NOT NULL DEFAULT 0;
