import type { Database } from '@yiwang/db';
import type { Config } from '../config';
import type { CalendarService } from './calendar/calendar.service';

/** What every service function receives: the database, the configuration and the shared core services. */
export type AppContext = {
  db: Database;
  config: Config;
  calendar: CalendarService;
};
