import { z } from 'zod';

/**
 * A user-facing text in Chinese (shown first) and English.
 *
 * @example
 * const text: LocalizedText = { zh: '办结', en: 'Completed' };
 * LocalizedText.parse(text);
 */
export const LocalizedText = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;
