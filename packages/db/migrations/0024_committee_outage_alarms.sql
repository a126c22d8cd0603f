-- 区域集中离线 (issue 4): when power or the network fails in one residents' committee, hundreds
-- of its sensors fall silent at once. The offline sweep then opens ONE committee-level alarm of
-- type 'outage' instead of letting each silent sensor's offline alarm reach the dispatcher:
-- the per-sensor offline alarms are still recorded, linked to the outage (outage_id), and open
-- no work order of their own while it is open; the outage decides (one order, by setting).

-- An outage alarm belongs to a committee, not to one sensor.
ALTER TABLE sensor_alarm
  ALTER COLUMN sensor_id DROP NOT NULL,
  ALTER COLUMN sensor_type DROP NOT NULL,
  -- outage: how many of the committee's active sensors are silent, of how many, which types
  ADD COLUMN silent_count integer CHECK (silent_count >= 0),
  ADD COLUMN sensor_count integer CHECK (sensor_count >= 0),
  ADD COLUMN sensor_types text[],
  -- offline: the committee outage that covered this sensor's alarm (kept after either clears)
  ADD COLUMN outage_id uuid REFERENCES sensor_alarm (id),
  ADD CONSTRAINT sensor_alarm_outage_place CHECK (
    CASE WHEN alarm_type = 'outage'
      THEN sensor_id IS NULL AND committee_id IS NOT NULL AND silent_count IS NOT NULL AND sensor_count IS NOT NULL
      ELSE sensor_id IS NOT NULL AND sensor_type IS NOT NULL END);
COMMENT ON COLUMN sensor_alarm.silent_count IS 'Outage alarms: how many of the committee''s active, installed sensors were silent at the last sweep.';
COMMENT ON COLUMN sensor_alarm.sensor_count IS 'Outage alarms: how many active, installed sensors the committee has (the share''s denominator).';
COMMENT ON COLUMN sensor_alarm.sensor_types IS 'Outage alarms: the sensor types among the silent sensors.';
COMMENT ON COLUMN sensor_alarm.outage_id IS 'Offline alarms: the committee outage alarm that covered this one. It opens no work order of its own (the outage decides, also after it clears), and while that outage is open it is not counted on its own.';

-- at most one open (or acknowledged) outage per committee, across server copies
CREATE UNIQUE INDEX sensor_alarm_one_outage ON sensor_alarm (committee_id)
  WHERE alarm_type = 'outage' AND state IN ('open', 'acknowledged');
CREATE INDEX sensor_alarm_outage_members ON sensor_alarm (outage_id) WHERE outage_id IS NOT NULL;

-- One row: when the silent sensors of one committee are an outage, and what it does.
CREATE TABLE sensor_outage_setting (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  min_sensors integer NOT NULL DEFAULT 5 CHECK (min_sensors BETWEEN 2 AND 10000),
  min_share numeric(4, 3) NOT NULL DEFAULT 0.5 CHECK (min_share > 0 AND min_share <= 1),
  severity smallint NOT NULL DEFAULT 2 CHECK (severity BETWEEN 1 AND 3),
  opens_work_order boolean NOT NULL DEFAULT true,
  -- the 通信/供电 category of the order (routing to its responsible unit as for every order)
  category_code text REFERENCES cityops_category (code),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT opens_work_order OR category_code IS NOT NULL)
);
COMMENT ON TABLE sensor_outage_setting IS 'One row: a committee''s silent sensors are an area outage (区域集中离线) when at least min_sensors of them AND at least min_share of its active sensors are silent; the outage alarm''s severity, and whether it opens one work order in category_code (at the committee).';
