-- Handling queues over millions of cases: the open 办件 of a unit, nearest deadline first.

CREATE INDEX workflow_case_open_queue_idx ON workflow_case (unit_id, sla_deadline, created_at)
  WHERE definition_key = 'licence-case' AND state IN ('submitted', 'correcting', 'reviewing', 'approved', 'denied');
CREATE INDEX workflow_case_open_intake_queue_idx ON workflow_case (intake_unit_id, sla_deadline, created_at)
  WHERE definition_key = 'licence-case' AND state IN ('submitted', 'correcting', 'reviewing', 'approved', 'denied')
    AND intake_unit_id IS NOT NULL;
CREATE INDEX workflow_case_open_all_idx ON workflow_case (sla_deadline, created_at)
  WHERE definition_key = 'licence-case' AND state IN ('submitted', 'correcting', 'reviewing', 'approved', 'denied');
