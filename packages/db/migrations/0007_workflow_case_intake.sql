-- Per-case SLA amounts and the unit that took a case in.

ALTER TABLE workflow_case ADD COLUMN sla_overrides jsonb NOT NULL DEFAULT '{}';
ALTER TABLE workflow_case ADD COLUMN intake_unit_id uuid REFERENCES org_unit (id);
COMMENT ON COLUMN workflow_case.sla_overrides IS 'Per-case SLA amounts by state, e.g. {"reviewing": 15} for a service item''s promised limit; the unit of the definition''s SLA applies.';
COMMENT ON COLUMN workflow_case.intake_unit_id IS 'The unit where the case was taken in (a window or a 市民驿站): its staff may see and act on the case besides the handling unit.';
