-- 个人信息保护法 rights (issue 6): a citizen's account can be erased — its personal fields removed,
-- the account kept as a pseudonymous stub so the records the law requires us to keep (decided
-- applications, issued e-licences, the audit log) still point at something. See docs/security.md.

ALTER TABLE account ADD COLUMN erased_at timestamptz;
COMMENT ON COLUMN account.erased_at IS 'When the person''s data was erased at their request (个人信息保护法 第47条): name replaced, 身份证号 and phone removed, sign-in disabled. NULL for a live account.';

-- An erased citizen has no ID number or phone any more.
ALTER TABLE account DROP CONSTRAINT account_check1;
ALTER TABLE account ADD CONSTRAINT account_citizen_identity_check
  CHECK (kind <> 'citizen' OR erased_at IS NOT NULL OR (id_number IS NOT NULL AND phone IS NOT NULL));
