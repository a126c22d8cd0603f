-- 一网统管 sensors (issue 4 item 6): the registry (types, sensors), rules, raw readings (one
-- partition per day), hourly rollups, alarms and the dead letters of the ingester.

CREATE TABLE sensor_type (
  code text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  -- the key of the reading in a payload's "metrics" object
  metric text NOT NULL,
  unit text NOT NULL DEFAULT '',
  -- outside [valid_min, valid_max] a value is impossible: stored flagged, never trusted
  valid_min double precision NOT NULL,
  valid_max double precision NOT NULL CHECK (valid_max > valid_min),
  default_interval_s integer NOT NULL CHECK (default_interval_s > 0),
  -- the work-order category its alarms open (null: its alarms open no order)
  category_code text REFERENCES cityops_category (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- fillfactor leaves room for HOT updates of last_seen_at/online (not indexed), written in bulk.
CREATE TABLE sensor (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  type_code text NOT NULL REFERENCES sensor_type (code),
  model text,
  street_id uuid REFERENCES org_unit (id),
  committee_id uuid REFERENCES org_unit (id),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  address text,
  interval_s integer NOT NULL DEFAULT 60 CHECK (interval_s > 0),
  -- per-sensor override of the type's rule values, by alarm type: {"threshold-high": 0.3}
  thresholds jsonb,
  active boolean NOT NULL DEFAULT true,
  installed_at date,
  note text,
  last_seen_at timestamptz,
  online boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 80);
CREATE INDEX sensor_type_idx ON sensor (type_code);
CREATE INDEX sensor_street ON sensor (street_id);
CREATE INDEX sensor_committee ON sensor (committee_id);
CREATE INDEX sensor_updated ON sensor (updated_at);

CREATE TABLE sensor_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type_code text NOT NULL REFERENCES sensor_type (code),
  -- null: every sensor of the type; set: this sensor only (replaces the type's rule of the same alarm type)
  sensor_id text REFERENCES sensor (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('threshold', 'sustained', 'rate')),
  metric text NOT NULL,
  op text NOT NULL CHECK (op IN ('>', '<')),
  -- threshold/sustained: the value; rate: the change per minute
  value double precision NOT NULL,
  -- sustained: how long the value must stay beyond `value`
  duration_s integer NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 3),
  opens_work_order boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'sustained' OR duration_s > 0)
);
CREATE UNIQUE INDEX sensor_rule_key
  ON sensor_rule (type_code, coalesce(sensor_id, ''), kind, op);

-- Raw readings, one partition per day (created ahead by the ingester; the default partition
-- catches the rest); retention drops whole partitions.
CREATE TABLE sensor_reading (
  sensor_id text NOT NULL,
  metric text NOT NULL,
  ts timestamptz NOT NULL,
  value double precision NOT NULL,
  -- outside the type's valid range: kept, never trusted
  flagged boolean NOT NULL DEFAULT false,
  PRIMARY KEY (sensor_id, metric, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE sensor_reading_default PARTITION OF sensor_reading DEFAULT;

CREATE TABLE sensor_rollup (
  sensor_id text NOT NULL,
  metric text NOT NULL,
  bucket text NOT NULL CHECK (bucket IN ('hour')),
  bucket_start timestamptz NOT NULL,
  n integer NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  sum double precision NOT NULL,
  PRIMARY KEY (sensor_id, metric, bucket, bucket_start)
);

CREATE TABLE sensor_alarm (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sensor_id text NOT NULL REFERENCES sensor (id),
  sensor_type text NOT NULL REFERENCES sensor_type (code),
  alarm_type text NOT NULL,
  rule_id uuid REFERENCES sensor_rule (id) ON DELETE SET NULL,
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 3),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'cleared')),
  metric text,
  -- the rule's value when the alarm opened (threshold, or change per minute)
  threshold double precision,
  opened_at timestamptz NOT NULL DEFAULT now(),
  first_reading_at timestamptz,
  last_reading_at timestamptz,
  last_value double precision,
  peak_value double precision,
  reading_count integer NOT NULL DEFAULT 1,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES account (id),
  cleared_at timestamptz,
  -- null with cleared_at set: cleared automatically when readings came back to normal
  cleared_by uuid REFERENCES account (id),
  clear_comment text,
  street_id uuid REFERENCES org_unit (id),
  committee_id uuid REFERENCES org_unit (id),
  work_order_id uuid REFERENCES work_order (case_id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sensor_alarm_one_open
  ON sensor_alarm (sensor_id, alarm_type) WHERE state IN ('open', 'acknowledged');
CREATE INDEX sensor_alarm_state ON sensor_alarm (state, opened_at DESC);
CREATE INDEX sensor_alarm_street ON sensor_alarm (street_id, opened_at DESC);
CREATE INDEX sensor_alarm_sensor ON sensor_alarm (sensor_id, opened_at DESC);

CREATE TABLE sensor_dead_letter (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL CHECK (source IN ('mqtt', 'http')),
  topic text,
  sensor_id text,
  -- the payload as received, truncated to 4 KB
  payload text,
  reason text NOT NULL,
  detail text
);
CREATE INDEX sensor_dead_letter_received ON sensor_dead_letter (received_at DESC);
CREATE INDEX sensor_dead_letter_reason ON sensor_dead_letter (reason, received_at DESC);

COMMENT ON TABLE sensor_type IS 'A kind of IoT sensor (water level, smoke, manhole-cover tilt…): the metric its payloads carry and its unit, the valid range outside which a value is impossible (stored flagged, never trusted), the default reporting interval and the work-order category its alarms open.';
COMMENT ON TABLE sensor IS 'A registered sensor; id is the device id in its MQTT topic yiwang/sensors/{id}/readings. Place (street, committee, coordinates), reporting interval, per-sensor threshold overrides by alarm type; last_seen_at and online are written in bulk by the ingester (offline after 3 × interval without a reading).';
COMMENT ON TABLE sensor_rule IS 'An alarm rule of a sensor type (or of one sensor): threshold (value beyond), sustained (beyond for duration_s) or rate (change per minute beyond); its severity and whether its alarms open a work order.';
COMMENT ON TABLE sensor_reading IS 'Raw sensor readings, one row per sensor, metric and timestamp (a redelivery is stored once); partitioned by day and dropped after SENSOR_RAW_RETENTION_DAYS. flagged = outside the type''s valid range.';
COMMENT ON TABLE sensor_reading_default IS 'Readings whose day has no partition yet (normally none: the ingester creates day partitions ahead).';
COMMENT ON TABLE sensor_rollup IS 'Hourly aggregates of trusted (unflagged) readings per sensor and metric — count, min, max, sum — for charts; kept after the raw readings are dropped.';
COMMENT ON TABLE sensor_alarm IS 'A sensor alarm: at most one open or acknowledged per sensor and alarm type (later readings update its peak, count and last reading); acknowledged and cleared by staff or cleared when readings return to normal; work_order_id is the order its rule opened, which clearing updates and never closes.';
COMMENT ON TABLE sensor_dead_letter IS 'Input the ingester could not accept — malformed payloads, unknown sensors, out-of-order timestamps, impossible values (also stored flagged) — with the reason; kept for SENSOR_RAW_RETENTION_DAYS.';
