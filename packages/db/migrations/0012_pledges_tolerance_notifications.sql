-- 告知承诺 credit records, and notifications to applicants.

CREATE TABLE credit_record (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  holder_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('serious-bad-credit', 'false-pledge')),
  note text NOT NULL,
  application_id uuid REFERENCES application (id),
  recorded_by uuid REFERENCES account (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_record_holder_idx ON credit_record (holder_id);
COMMENT ON TABLE credit_record IS 'Records that bar the 告知承诺 procedure: serious bad credit, and false pledges found when a pledge was checked (the decision is then revoked).';

CREATE TABLE notification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES account (id),
  application_id uuid REFERENCES application (id),
  kind text NOT NULL,
  text_zh text NOT NULL,
  text_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  sent_at timestamptz
);
CREATE INDEX notification_account_idx ON notification (account_id, created_at DESC);
COMMENT ON TABLE notification IS 'A message to an applicant (accepted, corrections asked, extended with the reason, decided…), written in the same transaction as the change; an SMS or e-mail adapter sends unsent rows (sent_at) — the outbox.';
