import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams, Uuid } from '../../core/schemas';
import { acknowledgeAlarm, clearAlarm, getSensorAlarm, listSensorAlarms } from './sensor-alarm.service';

const tags = ['sensors'];
const STAFF_ON_ALARMS = ['dispatcher', 'operator', 'admin'] as const;
const READERS = ['dispatcher', 'operator', 'admin', 'handler', 'inspector', 'leader', 'auditor'] as const;

const AlarmQuery = z.object({
  state: z.enum(['open', 'acknowledged', 'cleared', 'active']).optional(),
  severity: z.coerce.number().int().min(1).max(3).optional(),
  streetId: Uuid.optional(),
  sensorId: z.string().min(1).max(64).optional(),
  /** e.g. 'offline', 'outage' (区域集中离线), 'threshold-high' */
  alarmType: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}$/)
    .optional(),
  committeeId: Uuid.optional(),
  /** the offline alarms this outage covers */
  outageId: Uuid.optional(),
  /** true: offline alarms covered by an open outage are left out (the outage stands for them) */
  grouped: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** Sensor alarms: list (scoped), acknowledge and clear (dispatchers, operators, administrators). */
export const sensorAlarmRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/sensor-alarms', {
      config: { access: READERS },
      schema: {
        tags,
        summary:
          'Sensor alarms (state: open, acknowledged, cleared, or active = open or acknowledged), newest first; grouped=true leaves out offline alarms an open area outage covers (list them with outageId)',
        querystring: AlarmQuery,
      },
      handler: (request) => listSensorAlarms(ctx, request.actor, request.query),
    });
    app.get('/sensor-alarms/:id', {
      config: { access: READERS },
      schema: { tags, summary: 'One sensor alarm', params: IdParams },
      handler: (request) => getSensorAlarm(ctx, request.actor, request.params.id),
    });
    app.post('/sensor-alarms/:id/acknowledge', {
      config: { access: STAFF_ON_ALARMS },
      schema: { tags, summary: 'Acknowledge an open alarm (确认)', params: IdParams },
      handler: (request) => acknowledgeAlarm(ctx, request.actor, request.params.id),
    });
    app.post('/sensor-alarms/:id/clear', {
      config: { access: STAFF_ON_ALARMS },
      schema: {
        tags,
        summary:
          'Clear an alarm with a comment (解除); its work order gets the comment as an update and stays open',
        params: IdParams,
        body: z.object({ comment: z.string().trim().min(1).max(2000) }),
      },
      handler: (request) => clearAlarm(ctx, request.actor, request.params.id, request.body.comment),
    });
  };
