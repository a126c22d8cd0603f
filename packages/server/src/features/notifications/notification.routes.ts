import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/app-context';
import { notFound } from '../../core/problem';
import { IdParams } from '../../core/schemas';
import { countUnread, markAllRead, markRead } from './notification.repository';

const tags = ['notifications'];
const NOTIFICATION = { zh: '通知', en: 'notification' };

/**
 * Read state of the caller's own notifications (an applicant's, a staff member's 督办 and
 * reminders): the unread count, mark one read, mark all read. Another account's notification
 * answers 404.
 */
export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/notifications/unread-count', {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'How many of my notifications are unread' },
      handler: async (request) => ({ unread: await countUnread(ctx.db, request.actor.id ?? '') }),
    });
    app.post('/notifications/read-all', {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Mark all my notifications read; answers how many were unread' },
      handler: async (request) => ({ marked: await markAllRead(ctx.db, request.actor.id ?? '') }),
    });
    app.post('/notifications/:id/read', {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Mark one of my notifications read', params: IdParams },
      handler: async (request) => {
        const row = await markRead(ctx.db, request.actor.id ?? '', request.params.id);
        if (!row) throw notFound(NOTIFICATION);
        return row;
      },
    });
  };
