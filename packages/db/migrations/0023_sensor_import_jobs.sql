-- 传感器台账导入 jobs, kept in the database so that any server copy behind a proxy can report a
-- job's progress and its error report (they were held in the memory of the copy that took the
-- upload). The copy running a job writes its progress after every batch; a job whose copy
-- stopped (no progress written for a while) is shown as interrupted.
CREATE TABLE sensor_import_job (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  total integer NOT NULL,
  processed integer NOT NULL DEFAULT 0,
  inserted integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  rejected_rows integer NOT NULL DEFAULT 0,
  -- [{row, field, zh, en}], sorted by row once the job is done
  errors jsonb NOT NULL DEFAULT '[]',
  failure jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  progress_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sensor_import_job_owner ON sensor_import_job (owner_id, started_at DESC);
COMMENT ON TABLE sensor_import_job IS '传感器台账导入: one CSV/XLSX import of sensors, its progress and per-row errors; written by the server copy that runs it, read by any.';
