-- 一网通办 applications: an application (办件) with one sub-case per service item on the workflow engine, its materials and files.

CREATE TABLE stored_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256 text NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  original_name text NOT NULL,
  uploaded_by uuid REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stored_file_sha_idx ON stored_file (sha256);
COMMENT ON TABLE stored_file IS 'An uploaded material file: its content lives under DATA_DIR/files by SHA-256 (the name a user gave it never reaches the file system); the type was checked from the content, not the name.';

CREATE SEQUENCE application_no_seq;
COMMENT ON SEQUENCE application_no_seq IS 'The running number in 受理编号 (HK + date + number).';

CREATE TABLE application (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_no text NOT NULL UNIQUE,
  applicant_account_id uuid NOT NULL REFERENCES account (id),
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('citizen', 'enterprise')),
  applicant_name text NOT NULL,
  applicant_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('online', 'window', 'station')),
  intake_unit_id uuid REFERENCES org_unit (id),
  taken_by uuid REFERENCES account (id),
  bundle_id uuid REFERENCES service_bundle (id),
  bundle_version integer,
  form jsonb NOT NULL DEFAULT '{}',
  pledge boolean NOT NULL DEFAULT false,
  remote_consultation text,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_applicant_idx ON application (applicant_account_id, submitted_at DESC);
COMMENT ON TABLE application IS 'An application (办件) as submitted online, at a window or at a 市民驿站: who applied, through which channel, the form, and (for 一件事/证照联办) the bundle. Its status is derived from its sub-cases.';

CREATE TABLE application_item (
  case_id uuid PRIMARY KEY REFERENCES workflow_case (id),
  application_id uuid NOT NULL REFERENCES application (id),
  item_id uuid NOT NULL REFERENCES service_item (id),
  item_version integer NOT NULL,
  department_unit_id uuid NOT NULL REFERENCES org_unit (id),
  FOREIGN KEY (item_id, item_version) REFERENCES service_item_version (item_id, version)
);
CREATE INDEX application_item_application_idx ON application_item (application_id);
COMMENT ON TABLE application_item IS 'One service item of an application, handled as a workflow case in its department; it keeps the item version it was filed under. A bundle''s sub-cases run in parallel.';

CREATE TABLE application_material (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES application (id),
  material_key text NOT NULL,
  name text NOT NULL,
  source text NOT NULL CHECK (source IN ('upload', 'elicense', 'district', 'tolerated')),
  file_id uuid REFERENCES stored_file (id),
  license_id uuid REFERENCES e_license (id),
  due_by timestamptz,
  supplied_at timestamptz NOT NULL DEFAULT now(),
  CHECK (source <> 'upload' OR file_id IS NOT NULL),
  CHECK (source <> 'elicense' OR license_id IS NOT NULL)
);
CREATE INDEX application_material_application_idx ON application_material (application_id);
COMMENT ON TABLE application_material IS 'A material of an application and where it came from: an uploaded file, the e-license library or the district''s own data (两个免于提交: never asked for again), or missing under 容缺受理 with the date it is owed by. A later upload of the same key supersedes the earlier one.';
