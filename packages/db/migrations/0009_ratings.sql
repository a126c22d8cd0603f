-- 好差评: one rating per application by its applicant; a 差评 with a comment opens a 差评整改 case.

CREATE TABLE rating (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL UNIQUE REFERENCES application (id),
  rater_account_id uuid NOT NULL REFERENCES account (id),
  service_channel text NOT NULL CHECK (service_channel IN ('online', 'window', 'station')),
  via text NOT NULL CHECK (via IN ('web', 'mobile', 'window-tablet')),
  department_unit_id uuid NOT NULL REFERENCES org_unit (id),
  intake_unit_id uuid REFERENCES org_unit (id),
  score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  attitude smallint CHECK (attitude BETWEEN 1 AND 5),
  efficiency smallint CHECK (efficiency BETWEEN 1 AND 5),
  standard smallint CHECK (standard BETWEEN 1 AND 5),
  convenience smallint CHECK (convenience BETWEEN 1 AND 5),
  result smallint CHECK (result BETWEEN 1 AND 5),
  comment text,
  rectification_case_id uuid UNIQUE REFERENCES workflow_case (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (score > 2 OR (comment IS NOT NULL AND btrim(comment) <> '')),
  CHECK (score > 2 OR rectification_case_id IS NOT NULL)
);
CREATE INDEX rating_created_idx ON rating (created_at);
CREATE INDEX rating_department_idx ON rating (department_unit_id, created_at);
COMMENT ON TABLE rating IS 'A 好差评 rating (国办发〔2019〕51号) of one application by its applicant: 一事一评 online, 一次一评 for a window or 市民驿站 visit (service_channel), given on the web, a phone or the window''s tablet (via). At most one per application. A 差评 (score 1–2) always has a comment and a 差评整改 case; it leaves the statistics when that case ends in 申诉成功 (state upheld).';
COMMENT ON COLUMN rating.department_unit_id IS 'The unit that handled the application (its first sub-case''s department): ranked in the statistics and owner of the rectification case.';
COMMENT ON COLUMN rating.intake_unit_id IS 'The window or 市民驿站 that took a window application in; it sees the rectification case too.';
COMMENT ON COLUMN rating.attitude IS 'Sub-indicators 1–5, optional: 服务态度 (attitude), 办事效率 (efficiency), 规范程度 (standard), 便捷程度 (convenience), 办结结果 (result).';
