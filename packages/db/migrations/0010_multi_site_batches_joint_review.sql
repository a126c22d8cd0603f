-- 一证多址 2.0 outlets under a chain licence, 一楼一次办 batches of a complex's shop applications,
-- and 合议核准制 joint reviews of new business-scope wording (one opinion case per invited department).

CREATE TABLE outlet (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  license_id uuid NOT NULL REFERENCES e_license (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  address text NOT NULL CHECK (length(address) BETWEEN 4 AND 200),
  unit_id uuid REFERENCES org_unit (id),
  region text CHECK (region IS NULL OR length(region) BETWEEN 2 AND 50),
  opened_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'suspended')),
  status_reason text,
  created_by uuid REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((unit_id IS NULL) <> (region IS NULL)),
  CHECK (status <> 'suspended' OR status_reason IS NOT NULL)
);
CREATE INDEX outlet_license_idx ON outlet (license_id);
COMMENT ON TABLE outlet IS '一证多址 2.0: an outlet (门店) of a chain registered as an address of its HQ''s licence, so the outlet needs no licence of its own. Exactly one of unit_id (the street or committee, for an address in Hongkou) and region (the district/city, e.g. 上海市静安区, elsewhere) is set.';
COMMENT ON COLUMN outlet.status IS 'active; closed by the enterprise; suspended by the issuing department with status_reason.';

CREATE TABLE batch (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complex_name text NOT NULL CHECK (length(complex_name) BETWEEN 2 AND 100),
  address text NOT NULL CHECK (length(address) BETWEEN 4 AND 200),
  street_unit_id uuid NOT NULL REFERENCES org_unit (id),
  opening_on date NOT NULL,
  manager_account_id uuid REFERENCES account (id),
  intake_unit_id uuid REFERENCES org_unit (id),
  created_by uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_manager_idx ON batch (manager_account_id);
COMMENT ON TABLE batch IS '一楼一次办: the opening of a commercial complex, whose shops'' applications are taken and tracked as one batch. The clerks of intake_unit_id and the manager (an enterprise account) see it.';

CREATE TABLE batch_application (
  application_id uuid PRIMARY KEY REFERENCES application (id),
  batch_id uuid NOT NULL REFERENCES batch (id),
  shop_name text NOT NULL CHECK (length(shop_name) BETWEEN 1 AND 100),
  added_by uuid REFERENCES account (id),
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_application_batch_idx ON batch_application (batch_id);
COMMENT ON TABLE batch_application IS 'A shop''s application in a batch; an application belongs to at most one batch.';

CREATE TABLE joint_review (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  wording text NOT NULL CHECK (length(wording) BETWEEN 2 AND 200),
  industry text NOT NULL CHECK (length(industry) BETWEEN 2 AND 50),
  rationale text NOT NULL CHECK (length(rationale) BETWEEN 2 AND 2000),
  convener_unit_id uuid NOT NULL REFERENCES org_unit (id),
  proposed_by uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE joint_review IS '合议核准制: the market regulator proposes new business-scope wording (经营范围表述) for a new industry and convenes departments. Its status is derived from the opinion cases: all approved → approved (the wording becomes selectable in applications); any rejected → rejected; otherwise consulting.';

CREATE TABLE joint_review_opinion (
  case_id uuid PRIMARY KEY REFERENCES workflow_case (id),
  joint_review_id uuid NOT NULL REFERENCES joint_review (id),
  department_unit_id uuid NOT NULL REFERENCES org_unit (id),
  UNIQUE (joint_review_id, department_unit_id)
);
COMMENT ON TABLE joint_review_opinion IS 'One invited department''s opinion on a joint review: a ''joint-review'' workflow case in that department (pending → approved / rejected with reasons), so the opinions run in parallel and each is in the immutable action log.';
