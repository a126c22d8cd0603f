export {
  RATING_INDICATORS,
  RATING_INDICATOR_KEYS,
  RATING_LEVELS,
  RatingInput,
  RatingVia,
  isPoorScore,
  ratio,
  rectificationTierDays,
} from './rating';
export type { RatingIndicator } from './rating';
export { RATING_RECTIFICATION_WORKFLOW } from './rectification-workflow';
