import { z } from 'zod';

/**
 * One entry of a case's action log; the case's state is derived from the log
 * ({@link deriveState}). `seq` orders the log (1, 2, 3…).
 *
 * @example
 * ActionRecord.parse({
 *   seq: 1, action: 'accept', fromState: 'submitted', toState: 'reviewing',
 *   actorId: 'u-1', at: new Date(),
 * });
 */
export const ActionRecord = z.object({
  seq: z.number().int().nonnegative(),
  action: z.string().min(1),
  fromState: z.string().min(1),
  toState: z.string().min(1),
  actorId: z.string().min(1),
  at: z.coerce.date(),
  comment: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;
