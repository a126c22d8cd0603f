-- The e-license library (电子证照库): licence types, signing keys and signed e-licences.

CREATE TABLE license_type (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  name_en text NOT NULL,
  number_prefix text NOT NULL UNIQUE CHECK (number_prefix ~ '^[A-Z]{2,4}$'),
  holder_kind text NOT NULL CHECK (holder_kind IN ('person', 'enterprise')),
  issuing_unit_code text,
  issuer_name text NOT NULL,
  issuer_name_en text NOT NULL,
  valid_years integer CHECK (valid_years IS NULL OR valid_years BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE license_type IS 'A kind of e-licence (电子证照) the library holds, e.g. 营业执照: who may hold it (a person or an enterprise), who issues it and for how many years it is valid (NULL = 长期, no expiry).';
COMMENT ON COLUMN license_type.issuing_unit_code IS 'org_unit.code of the issuing district department; NULL when the issuer is outside the district tree (e.g. 公安分局 for 居民身份证, managed by the city). No foreign key: org units are seeded after migrations.';
COMMENT ON COLUMN license_type.issuer_name IS 'The issuer as printed when issuing_unit_code is NULL or its unit is missing.';
COMMENT ON COLUMN license_type.number_prefix IS 'The type part of a licence number: YW-<prefix>-<year>-<serial>.';

INSERT INTO license_type (code, name, name_en, number_prefix, holder_kind, issuing_unit_code, issuer_name, issuer_name_en, valid_years) VALUES
  ('business-licence', '营业执照', 'Business licence', 'BL', 'enterprise', 'D-SCJGJ', '虹口区市场监督管理局', 'Hongkou District Administration for Market Regulation', NULL),
  ('food-business-permit', '食品经营许可证', 'Food business permit', 'FP', 'enterprise', 'D-SCJGJ', '虹口区市场监督管理局', 'Hongkou District Administration for Market Regulation', 5),
  ('resident-id', '居民身份证', 'Resident identity card', 'ID', 'person', NULL, '上海市公安局虹口分局', 'Hongkou Branch of Shanghai Public Security Bureau', 20),
  ('birth-medical-certificate', '出生医学证明', 'Birth medical certificate', 'BM', 'person', 'D-WJW', '虹口区卫生健康委员会', 'Hongkou District Health Commission', NULL),
  ('social-security-card', '社会保障卡', 'Social security card', 'SS', 'person', 'D-RSJ', '虹口区人力资源和社会保障局', 'Hongkou District Human Resources and Social Security Bureau', 10);

CREATE TABLE signing_key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  algorithm text NOT NULL DEFAULT 'Ed25519' CHECK (algorithm = 'Ed25519'),
  public_key_pem text NOT NULL,
  private_key_pem text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX signing_key_one_active_idx ON signing_key ((true)) WHERE retired_at IS NULL;
COMMENT ON TABLE signing_key IS 'A key pair that signs e-licences. At most one is active (retired_at IS NULL) and signs new licences; retired keys are kept so the licences they signed still verify.';
COMMENT ON COLUMN signing_key.private_key_pem IS 'The PKCS#8 PEM encrypted with AES-256-GCM under a key derived (scrypt) from LICENSE_SIGNING_SECRET or DATA_DIR/license-signing.secret: base64 of salt | iv | tag | ciphertext, prefixed v1:. Never the plain key.';

CREATE SEQUENCE e_license_serial_seq;

CREATE TABLE e_license (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  license_no text NOT NULL UNIQUE,
  type_code text NOT NULL REFERENCES license_type (code),
  holder_kind text NOT NULL CHECK (holder_kind IN ('person', 'enterprise')),
  holder_account_id uuid REFERENCES account (id),
  holder_id text NOT NULL,
  holder_name text NOT NULL,
  title text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  issuer_unit_id uuid REFERENCES org_unit (id),
  issuer_name text NOT NULL,
  issuer_region text,
  issued_at timestamptz NOT NULL,
  valid_until date,
  key_id uuid NOT NULL REFERENCES signing_key (id),
  signature text NOT NULL,
  source_application_id uuid,
  revoked_at timestamptz,
  revoked_reason text,
  revoked_by uuid REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX e_license_holder_idx ON e_license (holder_id, type_code);
CREATE INDEX e_license_account_idx ON e_license (holder_account_id);
CREATE INDEX e_license_source_idx ON e_license (source_application_id);
COMMENT ON TABLE e_license IS 'An e-licence (电子证照) in the library, signed with Ed25519 over the canonical JSON of {licenseNo, type, holderId, holderName, title, data, issuedAt, validUntil, issuer}. holder_id (身份证号 or 统一社会信用代码) is the key by which later applications reuse it (两个免于提交). Revocation sets revoked_*; rows are never deleted.';
COMMENT ON COLUMN e_license.holder_id IS '居民身份证号 for persons, 统一社会信用代码 for enterprises; shown masked to staff lists and never in full on public verification.';
COMMENT ON COLUMN e_license.issuer_name IS 'The issuer as printed on the licence and signed.';
COMMENT ON COLUMN e_license.issuer_region IS 'NULL for licences of this district; the region (e.g. 长三角: 江苏省, 浙江省) for licences recorded from other regions.';
COMMENT ON COLUMN e_license.valid_until IS 'Last day of validity (Shanghai date); NULL = 长期.';
COMMENT ON COLUMN e_license.source_application_id IS 'The application whose approval issued it (no foreign key: applications arrive in a later migration).';
