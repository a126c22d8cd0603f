-- Photos on work orders (issue 4, desks): the inspector's photo at report time, the handler's
-- with the feedback, the inspector's at verification. The bytes are a stored_file (checked by
-- content, kept by SHA-256 under DATA_DIR/files, the GPS position removed before storing).

COMMENT ON TABLE stored_file IS 'An uploaded file (一网通办 materials, work-order photos): its content lives under DATA_DIR/files by SHA-256 (the name a user gave it never reaches the file system); the type was checked from the content, not the name.';

CREATE TABLE work_order_photo (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_id uuid NOT NULL REFERENCES stored_file (id),
  -- null while uploaded ahead of the report that will reference it
  case_id uuid REFERENCES work_order (case_id),
  stage text CHECK (stage IN ('report', 'feedback', 'verification', 'other')),
  -- the action (of the order's log) the photo was given with; null for report photos and
  -- photos added to an order that no action has referenced yet
  action_seq integer,
  uploaded_by uuid NOT NULL REFERENCES account (id),
  -- SHA-256 of the bytes as received (stored_file.sha256 is of the bytes kept, without the location)
  received_sha256 text NOT NULL,
  location_removed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (case_id, action_seq) REFERENCES workflow_action (case_id, seq),
  CHECK ((case_id IS NULL) = (stage IS NULL)),
  CHECK (action_seq IS NULL OR case_id IS NOT NULL)
);
CREATE INDEX work_order_photo_case ON work_order_photo (case_id, created_at);
CREATE INDEX work_order_photo_unattached ON work_order_photo (uploaded_by, created_at) WHERE case_id IS NULL;
COMMENT ON TABLE work_order_photo IS 'A photo on a work order: its file, the stage it belongs to (report, feedback, verification, other) and the action of the log it was given with. Uploaded ahead of a report it has no order yet (only its uploader sees it); an action references photos by id and binds them once.';
