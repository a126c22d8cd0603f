-- The audit hash chain moves out of audit_log into audit_chain (ADR 007), so an audited write
-- no longer serialises on a global lock: it inserts its audit row with a seq from a sequence,
-- and the chainer (one at a time across server copies) appends chain rows after commit.

CREATE SEQUENCE audit_log_seq_seq AS bigint OWNED BY audit_log.seq;
SELECT setval('audit_log_seq_seq', COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false);
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq_seq');

CREATE TABLE audit_chain (
  chain_seq bigint PRIMARY KEY CHECK (chain_seq >= 1),
  audit_seq bigint NOT NULL UNIQUE REFERENCES audit_log (seq),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE audit_chain IS 'The hash chain over audit_log, in the order rows were chained (chain_seq, contiguous from 1). hash = SHA-256(prev_hash || canonical JSON of the audit row with seq = audit_seq); the first row chains to 64 zeros. Written only by the chainer, one at a time across server copies; never updated or deleted (yiwang audit verify walks it).';
COMMENT ON COLUMN audit_chain.chain_seq IS 'Position in the chain, contiguous from 1; a gap means a chain row was deleted.';
COMMENT ON COLUMN audit_chain.audit_seq IS 'The audit_log row this link covers; each audit row is chained once.';
COMMENT ON COLUMN audit_chain.prev_hash IS 'hash of the chain row at chain_seq - 1 (64 zeros for the first).';
COMMENT ON COLUMN audit_chain.hash IS 'SHA-256 hex of prev_hash followed by the canonical JSON of the audit row (seq, at, actorId, actorLabel, action, entity, entityId, summary).';

-- Rows written before this migration were chained in seq order with the same formula.
INSERT INTO audit_chain (chain_seq, audit_seq, prev_hash, hash)
SELECT seq, seq, prev_hash, hash FROM audit_log ORDER BY seq;

ALTER TABLE audit_log DROP COLUMN prev_hash, DROP COLUMN hash;
COMMENT ON TABLE audit_log IS 'Every write and every view of unmasked personal data, inserted in the transaction of the change it records (seq from a sequence: gaps are rolled-back transactions). Rows are never updated or deleted; audit_chain hash-chains them after commit, so a changed, inserted or deleted row is evident (yiwang audit verify).';

CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
