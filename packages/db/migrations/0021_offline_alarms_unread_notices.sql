-- Offline alarms (issue 4): a sensor silent for 3 × its interval raises an alarm of type
-- 'offline' (at most one open per sensor, like every alarm type), cleared when it reports again.
-- Its severity and whether it opens a work order are settings of the sensor's type; by default
-- a single silent sensor opens no order (a dead battery is maintenance, not a city problem).
-- Notifications: read_at exists since 0012; the unread ones are counted per account.

ALTER TABLE sensor_type
  ADD COLUMN offline_severity smallint NOT NULL DEFAULT 1 CHECK (offline_severity BETWEEN 1 AND 3),
  ADD COLUMN offline_opens_work_order boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN sensor_type.offline_severity IS 'Severity (1–3) of the offline alarm a sensor of this type raises when silent for 3 × its reporting interval.';
COMMENT ON COLUMN sensor_type.offline_opens_work_order IS 'Whether an offline alarm of a sensor of this type opens a work order in the type''s category (default no).';

-- the sweep looks for silent sensors without an open offline alarm, and online ones with one
CREATE INDEX sensor_alarm_offline_open ON sensor_alarm (sensor_id)
  WHERE alarm_type = 'offline' AND state IN ('open', 'acknowledged');

CREATE INDEX notification_unread ON notification (account_id) WHERE read_at IS NULL;
COMMENT ON COLUMN notification.read_at IS 'When the recipient marked it read (or opened it); null = unread, counted on the badge.';
