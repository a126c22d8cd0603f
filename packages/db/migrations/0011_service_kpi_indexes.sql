-- Indexes for the 一网通办 figures (GET /api/service-kpis): decisions and approvals in a period,
-- applications submitted in a period, and the SLA deadline a case had when it was decided.

CREATE INDEX workflow_action_action_at_idx ON workflow_action (action, at) INCLUDE (case_id);
CREATE INDEX application_submitted_at_idx ON application (submitted_at);
CREATE INDEX workflow_timer_sla_due_idx ON workflow_timer (case_id, id) WHERE kind = 'sla.due';
