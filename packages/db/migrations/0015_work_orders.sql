-- 一网统管 (issue 4): work-order categories with their limits, the routing table, and work
-- orders — each one a workflow_case of the 'work-order' workflow plus this row of facts.

CREATE TABLE cityops_category (
  code text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('component', 'event', 'hotline')),
  major_code text,
  major_name text NOT NULL,
  minor_code text,
  name text NOT NULL,
  filing_condition text NOT NULL DEFAULT '',
  closing_condition text NOT NULL DEFAULT '',
  limit_value numeric(8, 2) NOT NULL CHECK (limit_value > 0),
  limit_unit text NOT NULL CHECK (limit_unit IN ('workingHours', 'workingDays', 'clockHours')),
  -- true when the limit is our assumption, not read from the source
  limit_assumed boolean NOT NULL DEFAULT false,
  -- 12345: first contact with the caller within this many working days
  first_contact_days integer CHECK (first_contact_days > 0),
  default_unit_id uuid REFERENCES org_unit (id),
  responsible_text text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- category × place (a street or committee; null = anywhere) → responsible unit.
-- The most specific rule wins: committee > street > anywhere.
CREATE TABLE cityops_routing_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_code text NOT NULL REFERENCES cityops_category (code),
  place_unit_id uuid REFERENCES org_unit (id),
  unit_id uuid NOT NULL REFERENCES org_unit (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cityops_routing_rule_key
  ON cityops_routing_rule (category_code, coalesce(place_unit_id, '00000000-0000-0000-0000-000000000000'::uuid));

CREATE SEQUENCE work_order_no_seq;

CREATE TABLE work_order (
  case_id uuid PRIMARY KEY REFERENCES workflow_case (id),
  order_no text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('sensor', 'hotline', 'inspector', 'citizen', 'survey', 'api')),
  category_code text NOT NULL REFERENCES cityops_category (code),
  street_id uuid REFERENCES org_unit (id),
  committee_id uuid REFERENCES org_unit (id),
  -- projection of the last dispatch (null: waiting in the dispatcher's queue)
  responsible_unit_id uuid REFERENCES org_unit (id),
  description text NOT NULL,
  address text,
  latitude double precision,
  longitude double precision,
  reporter_name text,
  reporter_phone text,
  reported_by uuid REFERENCES account (id),
  -- projections of the log: the outcome recorded on closing, the callback's satisfaction,
  -- the highest escalation (督办) level reached in the current handling round
  outcome text CHECK (outcome IN ('resolved', 'not-our-responsibility', 'duplicate', 'no-further-action')),
  satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
  escalation_level smallint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_order_unrouted ON work_order (created_at) WHERE responsible_unit_id IS NULL;
CREATE INDEX work_order_responsible ON work_order (responsible_unit_id, created_at);
CREATE INDEX work_order_street ON work_order (street_id, created_at);
CREATE INDEX work_order_category ON work_order (category_code);
