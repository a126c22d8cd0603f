import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams } from '../../core/schemas';
import {
  OfflineSettingInput,
  OutageSettingInput,
  SensorRuleInput,
  getOutageSetting,
  listSensorRules,
  updateOfflineSetting,
  updateOutageSetting,
  updateSensorRule,
} from './sensor-rule.service';

const tags = ['sensors'];

/** Alarm rules per sensor type (threshold, sustained, rate of change). */
export const sensorRuleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/sensor-rules', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Alarm rules by sensor type (or one sensor): threshold, sustained duration, rate of change per minute',
        querystring: z.object({ typeCode: z.string().min(1).max(60).optional() }),
      },
      handler: async (request) => ({ items: await listSensorRules(ctx.db, request.query.typeCode) }),
    });
    app.put('/sensor-rules/:id', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change a rule: value, duration, severity, whether its alarms open a work order, active',
        params: IdParams,
        body: SensorRuleInput,
      },
      handler: (request) => updateSensorRule(ctx, request.actor, request.params.id, request.body),
    });
    app.put('/sensor-types/:code/offline', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary:
          "A sensor type's offline alarm (a sensor silent for 3 × its interval): severity 1–3 and whether it opens a work order (default no)",
        params: z.object({ code: z.string().min(1).max(60) }),
        body: OfflineSettingInput,
      },
      handler: (request) => updateOfflineSetting(ctx, request.actor, request.params.code, request.body),
    });
    app.get('/sensor-outage-setting', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Area outage (区域集中离线) thresholds: at least minSensors silent AND at least minSharePercent % of a committee’s active sensors; the outage’s severity and work order',
      },
      handler: () => getOutageSetting(ctx.db),
    });
    app.put('/sensor-outage-setting', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary:
          'Change the area outage thresholds (min sensors 2–10000, min share 1–100 %), severity, and whether an outage opens one work order in a category',
        body: OutageSettingInput,
      },
      handler: (request) => updateOutageSetting(ctx, request.actor, request.body),
    });
  };
