import { z } from 'zod';
import type { LocalizedText } from '../localized-text';

/** The five levels of 好差评 (国办发〔2019〕51号); 1–2 are 差评. */
export const RATING_LEVELS: Record<1 | 2 | 3 | 4 | 5, LocalizedText> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** The five sub-indicators of 51号文, each 1–5 and optional. */
export const RATING_INDICATORS = {
  attitude: { zh: '服务态度', en: 'Attitude' },
  efficiency: { zh: '办事效率', en: 'Efficiency' },
  standard: { zh: '规范程度（办事指南、流程）', en: 'Following the guide and the process' },
  convenience: { zh: '便捷程度（线上/线下）', en: 'Convenience (online / offline)' },
  result: { zh: '办结结果', en: 'Outcome' },
} as const satisfies Record<string, LocalizedText>;
export type RatingIndicator = keyof typeof RATING_INDICATORS;
export const RATING_INDICATOR_KEYS = Object.keys(RATING_INDICATORS) as RatingIndicator[];

/** Where the rater gave the rating (一事一评 online; 一次一评 on a phone or at the window's tablet). */
export const RatingVia = z.enum(['web', 'mobile', 'window-tablet']);
export type RatingVia = z.infer<typeof RatingVia>;

const Level = z.number().int().min(1).max(5);

/** 差评: 非常不满意 or 不满意. */
export const isPoorScore = (score: number): boolean => score <= 2;

/**
 * A rating as the rater gives it. A 差评 must say why: the comment is what the unit rectifies.
 *
 * @example
 * RatingInput.parse({ score: 1, comment: '窗口态度差', indicators: { attitude: 1 } });
 */
export const RatingInput = z
  .object({
    score: Level,
    indicators: z
      .object({
        attitude: Level.optional(),
        efficiency: Level.optional(),
        standard: Level.optional(),
        convenience: Level.optional(),
        result: Level.optional(),
      })
      .strict()
      .default({}),
    comment: z.string().max(500).optional(),
    via: RatingVia.default('web'),
  })
  .superRefine((r, ctx) => {
    if (isPoorScore(r.score) && !r.comment?.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: '差评请写明原因，以便整改',
        params: {
          zh: '差评（不满意、非常不满意）请写明原因，以便整改',
          en: 'a poor rating (1–2) needs a comment saying why, so that it can be rectified',
        },
      });
    }
  });
export type RatingInput = z.infer<typeof RatingInput>;

/**
 * How many working days the unit has to rectify (tiers 1/5/15, the district's default):
 * - 15 when the outcome itself is disputed (办结结果 ≤ 2) — the decision may need a re-review;
 * - 1 for a 不满意 (2) whose only low marks (≤ 2) are 服务态度 — an apology and a talk, same or next day;
 * - 5 otherwise.
 *
 * @example
 * rectificationTierDays({ score: 1, indicators: { result: 1 } }); // 15
 */
export function rectificationTierDays(r: {
  score: number;
  indicators: Partial<Record<RatingIndicator, number | undefined>>;
}): 1 | 5 | 15 {
  const low = RATING_INDICATOR_KEYS.filter((k) => (r.indicators[k] ?? 5) <= 2);
  if (low.includes('result')) return 15;
  if (r.score === 2 && low.length > 0 && low.every((k) => k === 'attitude')) return 1;
  return 5;
}

/** A ratio, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
