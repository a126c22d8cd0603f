import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams } from '../../core/schemas';
import { SensorRuleInput, listSensorRules, updateSensorRule } from './sensor-rule.service';

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
  };
