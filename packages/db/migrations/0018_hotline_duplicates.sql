-- 一网统管 (issue 4): the 12345 hotline desk's call records, duplicate work orders (merged
-- into the order kept, or followed by further callers), 12345 first-contact timing,
-- acknowledgement of 督办 with repeated reminders, and the settings these read.

ALTER TABLE work_order
  -- the city-management category (部件/事件) of a 12345 order whose category is its kind
  ADD COLUMN subject_category_code text REFERENCES cityops_category (code),
  -- closed as a duplicate (outcome 'duplicate') of this kept order
  ADD COLUMN duplicate_of uuid REFERENCES work_order (case_id),
  -- 12345: first contact with the caller due by (category first_contact_days), made at, missed at
  ADD COLUMN first_contact_due timestamptz,
  ADD COLUMN first_contact_at timestamptz,
  ADD COLUMN first_contact_missed_at timestamptz,
  -- projections of the log: the last 督办 and its acknowledgement (签收) by the unit
  ADD COLUMN escalated_at timestamptz,
  ADD COLUMN escalation_acknowledged_at timestamptz,
  ADD COLUMN reminders_sent integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT work_order_not_own_duplicate CHECK (duplicate_of IS NULL OR duplicate_of <> case_id);
CREATE INDEX work_order_duplicate_of ON work_order (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX work_order_committee_category ON work_order (committee_id, category_code);
CREATE INDEX work_order_first_contact_open ON work_order (first_contact_due)
  WHERE first_contact_due IS NOT NULL AND first_contact_at IS NULL;

CREATE SEQUENCE hotline_call_no_seq;

CREATE TABLE hotline_call (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_no text NOT NULL UNIQUE,
  caller_name text,
  caller_phone text,
  -- the 12345 kind (咨询/求助/投诉/建议/复杂事项… — an H- category) and the optional 部件/事件 category
  kind_code text NOT NULL REFERENCES cityops_category (code),
  subject_category_code text REFERENCES cityops_category (code),
  street_id uuid REFERENCES org_unit (id),
  committee_id uuid REFERENCES org_unit (id),
  address text,
  latitude double precision,
  longitude double precision,
  description text NOT NULL,
  -- created a new order, followed an existing one, or answered on the spot (咨询) without one
  disposition text NOT NULL CHECK (disposition IN ('created', 'followed', 'answered')),
  work_order_id uuid REFERENCES work_order (case_id),
  answer text,
  recorded_by uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((disposition = 'answered') = (work_order_id IS NULL)),
  CHECK (disposition <> 'answered' OR answer IS NOT NULL)
);
CREATE INDEX hotline_call_created ON hotline_call (created_at DESC);
CREATE INDEX hotline_call_order ON hotline_call (work_order_id) WHERE work_order_id IS NOT NULL;
COMMENT ON TABLE hotline_call IS 'A 12345 call recorded at the hotline desk: the caller, the 12345 kind and optional city-management category, the place and what was said, and what became of it — a new work order, a follow of an existing one (the caller becomes one of its reporters), or a 咨询 answered on the spot (no order). The caller''s phone is shown masked; revealing it is audited.';
COMMENT ON SEQUENCE hotline_call_no_seq IS 'The running number in a hotline call''s number (RX<yyyymmdd><000001>).';

CREATE TABLE work_order_follower (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL REFERENCES work_order (case_id),
  name text,
  phone text,
  account_id uuid REFERENCES account (id),
  -- how they came to follow: a call linked at the hotline desk, a duplicate merged in, added by staff
  via text NOT NULL CHECK (via IN ('call', 'merge', 'staff')),
  call_id uuid REFERENCES hotline_call (id),
  merged_from uuid REFERENCES work_order (case_id),
  created_by uuid REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_order_follower_order ON work_order_follower (order_id, created_at);
COMMENT ON TABLE work_order_follower IS 'A further reporter of a work order: a caller whose call was linked to it at the hotline desk, or the reporter of a duplicate merged into it. Followers are called back with the order; their phones are masked like the reporter''s.';

ALTER TABLE notification ADD COLUMN work_order_id uuid REFERENCES work_order (case_id);
CREATE INDEX notification_work_order ON notification (work_order_id) WHERE work_order_id IS NOT NULL;

CREATE TABLE cityops_setting (
  key text PRIMARY KEY,
  value numeric NOT NULL CHECK (value > 0),
  description text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cityops_setting IS 'Numeric settings of city operations an administrator may change without a release: the duplicate radius and window, the reminder interval for unacknowledged 督办.';
INSERT INTO cityops_setting (key, value, description) VALUES
  ('duplicate.radiusMetres', 200, '疑似重复：同类未结工单的距离（米） · duplicate candidates within this distance (metres)'),
  ('duplicate.windowDays', 7, '疑似重复：按距离比对的时间窗口（天） · duplicate candidates by distance reported within this many days'),
  ('reminder.everyWorkingHours', 4, '督办未签收时每隔多少工作时提醒一次 · remind the unit of an unacknowledged escalation every this many working hours');
