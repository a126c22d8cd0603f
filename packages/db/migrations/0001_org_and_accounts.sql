-- Organisation units and accounts: who works where, who may sign in.

CREATE TABLE org_unit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text,
  kind text NOT NULL CHECK (kind IN ('district', 'street', 'committee', 'department', 'station')),
  parent_id uuid REFERENCES org_unit (id),
  path text NOT NULL UNIQUE,
  demo boolean NOT NULL DEFAULT false,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'district') = (parent_id IS NULL))
);
CREATE INDEX org_unit_path_idx ON org_unit (path text_pattern_ops);
CREATE INDEX org_unit_parent_idx ON org_unit (parent_id);
COMMENT ON TABLE org_unit IS 'An organisation unit: the district, a street (街道), a residents'' committee (居委会), a district department (委办局) or a citizen station (市民驿站). path is the chain of codes from the district down, separated by /, so a scope is a path prefix.';
COMMENT ON COLUMN org_unit.demo IS 'True for demo names that the government work report does not give.';

CREATE TABLE account (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('staff', 'citizen', 'enterprise')),
  username text UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  unit_id uuid REFERENCES org_unit (id),
  id_number text UNIQUE,
  phone text,
  credit_code text UNIQUE,
  legal_rep_name text,
  legal_rep_id_number text,
  disabled boolean NOT NULL DEFAULT false,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'staff' OR (username IS NOT NULL AND unit_id IS NOT NULL)),
  CHECK (kind <> 'citizen' OR (id_number IS NOT NULL AND phone IS NOT NULL)),
  CHECK (kind <> 'enterprise' OR (credit_code IS NOT NULL AND legal_rep_name IS NOT NULL))
);
CREATE UNIQUE INDEX account_citizen_phone_idx ON account (phone) WHERE kind = 'citizen';
CREATE INDEX account_unit_idx ON account (unit_id);
COMMENT ON TABLE account IS 'A person or enterprise who signs in: staff (username, one org unit, roles), citizens (身份证号 and phone) and enterprises (统一社会信用代码 and legal representative). Passwords are argon2id hashes.';

CREATE TABLE session (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX session_account_idx ON session (account_id);
COMMENT ON TABLE session IS 'A signed-in browser session. The cookie holds a random token; only its SHA-256 is stored. Expires after inactivity; revoked at logout and on password change.';

CREATE TABLE login_failure (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_subject_idx ON login_failure (subject, at);
COMMENT ON TABLE login_failure IS 'Failed sign-in attempts per account name and per client address, for login rate limiting shared by every server copy.';

CREATE TABLE api_key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  roles text[] NOT NULL,
  unit_id uuid NOT NULL REFERENCES org_unit (id),
  created_by uuid REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
COMMENT ON TABLE api_key IS 'A key for a machine client (sensor gateway, Open311 client): acts with its roles within its unit. Only a SHA-256 of the secret is stored.';
