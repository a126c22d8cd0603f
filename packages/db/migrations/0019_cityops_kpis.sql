-- 一网统管 operations screen (issue 4): the KPI projection of every work order and two daily
-- rollups, kept up to date on write by triggers in the writing transaction, so the screen's
-- queries read the open orders and a few thousand rollup rows, never the millions of orders.
-- Days are Shanghai days (UTC+8, no daylight saving). See docs/cityops.md "KPIs".

/** The Shanghai calendar day of an instant. */
CREATE FUNCTION cityops_day(t timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ((t AT TIME ZONE 'UTC') + interval '8 hours')::date;

CREATE TABLE cityops_order_fact (
  case_id uuid PRIMARY KEY,
  street_id uuid NOT NULL,
  -- the committee, or the street for an order placed on the street itself
  place_id uuid NOT NULL,
  category_code text NOT NULL,
  created_at timestamptz NOT NULL,
  is_open boolean NOT NULL,
  -- while open: the running clock's deadline (workflow_case.sla_deadline), null when paused
  deadline timestamptz,
  -- 处置时限 of the latest handling round (dispatched … extensionRequested), with extensions and pauses
  handling_deadline timestamptz,
  -- when the latest handling round ended (处理反馈, an approved return, or closing)
  handled_at timestamptz,
  closed boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cityops_order_fact IS 'The KPI projection of a work order (one row per work_order with a street), maintained by triggers on work_order and workflow_case: open or closed, the running deadline, the handling deadline (处置时限) and when handling ended. Read by the operations screen; never written by application code.';
CREATE INDEX cityops_order_fact_open ON cityops_order_fact (street_id, place_id, deadline) WHERE is_open;
CREATE INDEX cityops_order_fact_due ON cityops_order_fact (handling_deadline) INCLUDE (street_id, place_id, handled_at, closed)
  WHERE handling_deadline IS NOT NULL;

CREATE TABLE cityops_kpi_day (
  day date NOT NULL,
  place_id uuid NOT NULL,
  street_id uuid NOT NULL,
  opened integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  reopened integer NOT NULL DEFAULT 0,
  due integer NOT NULL DEFAULT 0,
  due_closed integer NOT NULL DEFAULT 0,
  due_closed_on_time integer NOT NULL DEFAULT 0,
  callbacks integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, place_id)
);
COMMENT ON TABLE cityops_kpi_day IS 'Daily rollup per place (committee or street): orders opened; close, reopen and callback actions (and satisfied callbacks) on the day; orders whose handling deadline falls on the day (due) and of those the closed and the closed on time. Maintained by triggers; rebuilt by cityops_kpi_rebuild().';
CREATE INDEX cityops_kpi_day_street ON cityops_kpi_day (street_id, day);

CREATE TABLE cityops_hotspot_day (
  day date NOT NULL,
  place_id uuid NOT NULL,
  category_code text NOT NULL,
  street_id uuid NOT NULL,
  opened integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, place_id, category_code)
);
COMMENT ON TABLE cityops_hotspot_day IS 'Daily rollup for 削峰 hot spots: orders opened per day × place (committee or street) × category. Maintained by a trigger on work_order; rebuilt by cityops_kpi_rebuild().';
CREATE INDEX cityops_hotspot_day_key ON cityops_hotspot_day (place_id, category_code, day);

CREATE FUNCTION cityops_kpi_add(
  p_day date, p_place uuid, p_street uuid,
  p_opened integer DEFAULT 0, p_closed integer DEFAULT 0, p_reopened integer DEFAULT 0,
  p_due integer DEFAULT 0, p_due_closed integer DEFAULT 0, p_due_on_time integer DEFAULT 0,
  p_callbacks integer DEFAULT 0, p_satisfied integer DEFAULT 0
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO cityops_kpi_day AS k
    (day, place_id, street_id, opened, closed, reopened, due, due_closed, due_closed_on_time, callbacks, satisfied)
  VALUES (p_day, p_place, p_street, p_opened, p_closed, p_reopened, p_due, p_due_closed, p_due_on_time, p_callbacks, p_satisfied)
  ON CONFLICT (day, place_id) DO UPDATE SET
    opened = k.opened + EXCLUDED.opened,
    closed = k.closed + EXCLUDED.closed,
    reopened = k.reopened + EXCLUDED.reopened,
    due = k.due + EXCLUDED.due,
    due_closed = k.due_closed + EXCLUDED.due_closed,
    due_closed_on_time = k.due_closed_on_time + EXCLUDED.due_closed_on_time,
    callbacks = k.callbacks + EXCLUDED.callbacks,
    satisfied = k.satisfied + EXCLUDED.satisfied;
$$;

-- A new work order: its fact row, opened +1, and its hot-spot cell +1.
CREATE FUNCTION cityops_on_work_order_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
  place uuid := coalesce(NEW.committee_id, NEW.street_id);
BEGIN
  IF NEW.street_id IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT state, sla_deadline INTO c FROM workflow_case WHERE id = NEW.case_id;
  INSERT INTO cityops_order_fact (case_id, street_id, place_id, category_code, created_at, is_open, deadline, closed)
  VALUES (NEW.case_id, NEW.street_id, place, NEW.category_code, NEW.created_at,
          c.state NOT IN ('closed', 'evaluated'),
          CASE WHEN c.state NOT IN ('closed', 'evaluated') THEN c.sla_deadline END,
          c.state IN ('closed', 'evaluated'));
  PERFORM cityops_kpi_add(cityops_day(NEW.created_at), place, NEW.street_id, p_opened => 1);
  INSERT INTO cityops_hotspot_day AS h (day, place_id, category_code, street_id, opened)
  VALUES (cityops_day(NEW.created_at), place, NEW.category_code, NEW.street_id, 1)
  ON CONFLICT (day, place_id, category_code) DO UPDATE SET opened = h.opened + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cityops_work_order_insert AFTER INSERT ON work_order
  FOR EACH ROW EXECUTE FUNCTION cityops_on_work_order_insert();

-- The case moved (state) or its clock changed (sla_deadline): follow it in the fact row. The
-- engine writes the state first and the new deadline in a second statement, so the handling
-- deadline is taken only from a deadline change while in a handling state.
CREATE FUNCTION cityops_on_case_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  handling constant text[] := ARRAY['dispatched', 'handling', 'returnRequested', 'extensionRequested'];
  f cityops_order_fact;
  was_handling boolean := OLD.state = ANY (handling);
  is_handling boolean := NEW.state = ANY (handling);
  open boolean := NEW.state NOT IN ('closed', 'evaluated');
BEGIN
  IF NEW.state = OLD.state AND NEW.sla_deadline IS NOT DISTINCT FROM OLD.sla_deadline THEN
    RETURN NULL;
  END IF;
  SELECT * INTO f FROM cityops_order_fact WHERE case_id = NEW.id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF is_handling AND NOT was_handling THEN
    f.handled_at := NULL;
  ELSIF was_handling AND NOT is_handling THEN
    f.handled_at := NEW.updated_at;
  END IF;
  IF is_handling AND NEW.sla_deadline IS NOT NULL AND NEW.sla_deadline IS DISTINCT FROM OLD.sla_deadline THEN
    f.handling_deadline := NEW.sla_deadline;
  END IF;
  UPDATE cityops_order_fact
     SET is_open = open,
         deadline = CASE WHEN open THEN NEW.sla_deadline END,
         handling_deadline = f.handling_deadline,
         handled_at = f.handled_at,
         closed = NOT open
   WHERE case_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cityops_case_update AFTER UPDATE OF state, sla_deadline ON workflow_case
  FOR EACH ROW WHEN (NEW.definition_key = 'work-order')
  EXECUTE FUNCTION cityops_on_case_update();

-- What a fact row contributes to the rollup of its handling-deadline day: moved on every change.
CREATE FUNCTION cityops_on_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.handling_deadline IS NOT NULL THEN
    PERFORM cityops_kpi_add(cityops_day(OLD.handling_deadline), OLD.place_id, OLD.street_id,
      p_due => -1,
      p_due_closed => -(OLD.closed::int),
      p_due_on_time => -((OLD.closed AND OLD.handled_at <= OLD.handling_deadline) IS TRUE)::int);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.handling_deadline IS NOT NULL THEN
    PERFORM cityops_kpi_add(cityops_day(NEW.handling_deadline), NEW.place_id, NEW.street_id,
      p_due => 1,
      p_due_closed => NEW.closed::int,
      p_due_on_time => ((NEW.closed AND NEW.handled_at <= NEW.handling_deadline) IS TRUE)::int);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cityops_fact_insert_delete AFTER INSERT OR DELETE ON cityops_order_fact
  FOR EACH ROW EXECUTE FUNCTION cityops_on_fact_change();
CREATE TRIGGER cityops_fact_update AFTER UPDATE ON cityops_order_fact
  FOR EACH ROW
  WHEN (OLD.handling_deadline IS DISTINCT FROM NEW.handling_deadline
        OR OLD.handled_at IS DISTINCT FROM NEW.handled_at
        OR OLD.closed IS DISTINCT FROM NEW.closed)
  EXECUTE FUNCTION cityops_on_fact_change();

-- Close, reopen (重办) and callback (回访) actions are counted on their day. A callback of 3 or
-- more is satisfied (满意 + 基本满意; 2 or less reopens the order: UNSATISFIED_AT_MOST).
CREATE FUNCTION cityops_on_action_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  f record;
  d date := cityops_day(NEW.at);
BEGIN
  SELECT street_id, place_id INTO f FROM cityops_order_fact WHERE case_id = NEW.case_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  CASE NEW.action
    WHEN 'close' THEN
      PERFORM cityops_kpi_add(d, f.place_id, f.street_id, p_closed => 1);
    WHEN 'reopen' THEN
      PERFORM cityops_kpi_add(d, f.place_id, f.street_id, p_reopened => 1);
    ELSE
      PERFORM cityops_kpi_add(d, f.place_id, f.street_id, p_callbacks => 1,
        p_satisfied => (coalesce((NEW.data ->> 'satisfaction')::numeric, 0) >= 3)::int);
  END CASE;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cityops_action_insert AFTER INSERT ON workflow_action
  FOR EACH ROW WHEN (NEW.action IN ('close', 'reopen', 'callback'))
  EXECUTE FUNCTION cityops_on_action_insert();

-- Rebuild the facts and both rollups from work_order, workflow_case and the action log (the
-- backfill below; also after a bulk load with triggers off). The handling deadline of an order
-- no longer in handling is the last sla.due timer scheduled before its last handling action.
CREATE FUNCTION cityops_kpi_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE cityops_order_fact DISABLE TRIGGER cityops_fact_insert_delete;
  TRUNCATE cityops_order_fact, cityops_kpi_day, cityops_hotspot_day;
  INSERT INTO cityops_order_fact
    (case_id, street_id, place_id, category_code, created_at, is_open, deadline, handling_deadline, handled_at, closed)
  SELECT w.case_id, w.street_id, coalesce(w.committee_id, w.street_id), w.category_code, w.created_at,
         k.state NOT IN ('closed', 'evaluated'),
         CASE WHEN k.state NOT IN ('closed', 'evaluated') THEN k.sla_deadline END,
         CASE WHEN k.state IN ('dispatched', 'handling', 'returnRequested', 'extensionRequested') THEN k.sla_deadline
              ELSE (SELECT t.due_at FROM workflow_timer t
                     WHERE t.case_id = w.case_id AND t.kind = 'sla.due'
                       AND t.created_at <= (SELECT max(a.at) FROM workflow_action a
                                             WHERE a.case_id = w.case_id
                                               AND a.to_state IN ('dispatched', 'handling', 'returnRequested', 'extensionRequested'))
                     ORDER BY t.id DESC LIMIT 1) END,
         CASE WHEN k.state NOT IN ('dispatched', 'handling', 'returnRequested', 'extensionRequested')
              THEN (SELECT max(a.at) FROM workflow_action a
                     WHERE a.case_id = w.case_id
                       AND a.from_state IN ('dispatched', 'handling', 'returnRequested', 'extensionRequested')
                       AND a.to_state NOT IN ('dispatched', 'handling', 'returnRequested', 'extensionRequested')) END,
         k.state IN ('closed', 'evaluated')
    FROM work_order w JOIN workflow_case k ON k.id = w.case_id
   WHERE w.street_id IS NOT NULL;
  ALTER TABLE cityops_order_fact ENABLE TRIGGER cityops_fact_insert_delete;
  INSERT INTO cityops_kpi_day (day, place_id, street_id, opened, closed, reopened, due, due_closed, due_closed_on_time, callbacks, satisfied)
  SELECT day, place_id, street_id, sum(opened), sum(closed), sum(reopened), sum(due), sum(due_closed),
         sum(due_on_time), sum(callbacks), sum(satisfied)
    FROM (
      SELECT cityops_day(f.created_at) AS day, f.place_id, f.street_id, 1 AS opened, 0 AS closed, 0 AS reopened,
             0 AS due, 0 AS due_closed, 0 AS due_on_time, 0 AS callbacks, 0 AS satisfied
        FROM cityops_order_fact f
      UNION ALL
      SELECT cityops_day(f.handling_deadline), f.place_id, f.street_id, 0, 0, 0, 1, f.closed::int,
             ((f.closed AND f.handled_at <= f.handling_deadline) IS TRUE)::int, 0, 0
        FROM cityops_order_fact f WHERE f.handling_deadline IS NOT NULL
      UNION ALL
      SELECT cityops_day(a.at), f.place_id, f.street_id, 0,
             (a.action = 'close')::int, (a.action = 'reopen')::int, 0, 0, 0, (a.action = 'callback')::int,
             (a.action = 'callback' AND coalesce((a.data ->> 'satisfaction')::numeric, 0) >= 3)::int
        FROM workflow_action a JOIN cityops_order_fact f ON f.case_id = a.case_id
       WHERE a.action IN ('close', 'reopen', 'callback')
    ) x
   GROUP BY day, place_id, street_id;
  INSERT INTO cityops_hotspot_day (day, place_id, category_code, street_id, opened)
  SELECT cityops_day(created_at), place_id, category_code, street_id, count(*)
    FROM cityops_order_fact GROUP BY 1, 2, 3, 4;
END;
$$;
COMMENT ON FUNCTION cityops_kpi_rebuild() IS 'Rebuilds cityops_order_fact, cityops_kpi_day and cityops_hotspot_day from the work orders and their action log.';

SELECT cityops_kpi_rebuild();
