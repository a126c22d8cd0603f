-- The workflow engine: definitions as data, cases, their immutable actions, and timers.

CREATE TABLE workflow_definition (
  key text NOT NULL,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);
COMMENT ON TABLE workflow_definition IS 'A business service as data: states, actions (allowed roles, next state), SLA policy per state. Versions are immutable; a case keeps the version it started under.';

CREATE TABLE workflow_case (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  definition_key text NOT NULL,
  definition_version integer NOT NULL,
  title text NOT NULL,
  unit_id uuid NOT NULL REFERENCES org_unit (id),
  owner_account_id uuid REFERENCES account (id),
  state text NOT NULL,
  version integer NOT NULL DEFAULT 0,
  sla_deadline timestamptz,
  sla_unknown_year integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (definition_key, definition_version) REFERENCES workflow_definition (key, version)
);
CREATE INDEX workflow_case_unit_idx ON workflow_case (unit_id, state);
COMMENT ON TABLE workflow_case IS 'One case of a workflow. state and version are a projection of workflow_action (the last action''s to_state and seq), written in the same transaction; version is the optimistic-concurrency token.';

CREATE TABLE workflow_action (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES workflow_case (id),
  seq integer NOT NULL,
  action text NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  actor_id uuid REFERENCES account (id),
  at timestamptz NOT NULL DEFAULT now(),
  comment text,
  data jsonb NOT NULL DEFAULT '{}',
  UNIQUE (case_id, seq)
);
COMMENT ON TABLE workflow_action IS 'An action taken on a case: who, when, from which state to which, with comment and data. Immutable; (case_id, seq) is unique so two concurrent actions on one case cannot both land.';

CREATE FUNCTION workflow_action_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'workflow_action rows are immutable' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER workflow_action_immutable BEFORE UPDATE OR DELETE ON workflow_action
  FOR EACH ROW EXECUTE FUNCTION workflow_action_is_immutable();

CREATE TABLE workflow_timer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid REFERENCES workflow_case (id),
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  fired_at timestamptz,
  fired_by text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_timer_due_idx ON workflow_timer (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX workflow_timer_case_idx ON workflow_timer (case_id) WHERE fired_at IS NULL AND cancelled_at IS NULL;
COMMENT ON TABLE workflow_timer IS 'A timer (SLA warning, deadline, reminder). Schedulers in every server copy claim due rows with FOR UPDATE SKIP LOCKED and fire each exactly once, in the same transaction as its effect.';
