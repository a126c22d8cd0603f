-- The service catalogue (事项清单): items and bundles, each a searchable current row plus immutable versions.

CREATE TABLE service_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  current_version integer NOT NULL,
  department_unit_id uuid NOT NULL REFERENCES org_unit (id),
  name text NOT NULL,
  type text NOT NULL,
  life_events text[] NOT NULL DEFAULT '{}',
  keywords text[] NOT NULL DEFAULT '{}',
  published boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_item_department_idx ON service_item (department_unit_id);
CREATE INDEX service_item_life_events_idx ON service_item USING gin (life_events);
COMMENT ON TABLE service_item IS 'A government-service item (政务服务事项) as it stands now: the searchable projection of its current version. code (事项编码) is stable; name, type, department, life events and keywords are copied from service_item_version (item_id, current_version) in the same transaction that writes the version.';
COMMENT ON COLUMN service_item.current_version IS 'The version a new case is filed under; older versions stay readable for the cases that keep them.';
COMMENT ON COLUMN service_item.department_unit_id IS 'The 实施部门 (the org unit that decides the item).';
COMMENT ON COLUMN service_item.keywords IS 'Search synonyms (搜“餐饮”找到食品经营许可).';
COMMENT ON COLUMN service_item.published IS 'Shown in the public catalogue; an unpublished item is kept for the cases that reference it.';

CREATE TABLE service_item_version (
  item_id uuid NOT NULL REFERENCES service_item (id),
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES account (id),
  note text,
  PRIMARY KEY (item_id, version)
);
COMMENT ON TABLE service_item_version IS 'One version of an item''s definition (ServiceItemDefinition in @yiwang/domain: limits, materials, form…). Immutable: every change is a new version, and a case stores item_id + version. created_by is null for the seed.';

CREATE TABLE service_bundle (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  current_version integer NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('one-thing', 'joint-licence', 'multi-site')),
  life_event text NOT NULL,
  published boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE service_bundle IS 'A bundle of items applied for together — 一件事 (one-thing), 证照联办 (joint-licence), 一证多址 (multi-site) — as it stands now: the projection of service_bundle_version (id, current_version).';

CREATE TABLE service_bundle_version (
  bundle_id uuid NOT NULL REFERENCES service_bundle (id),
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES account (id),
  note text,
  PRIMARY KEY (bundle_id, version)
);
COMMENT ON TABLE service_bundle_version IS 'One version of a bundle''s definition (ServiceBundle in @yiwang/domain: kind, life event, item codes). Immutable: every change is a new version.';

CREATE FUNCTION catalogue_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable: write a new version', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER service_item_version_immutable BEFORE UPDATE OR DELETE ON service_item_version
  FOR EACH ROW EXECUTE FUNCTION catalogue_version_is_immutable();
CREATE TRIGGER service_bundle_version_immutable BEFORE UPDATE OR DELETE ON service_bundle_version
  FOR EACH ROW EXECUTE FUNCTION catalogue_version_is_immutable();
