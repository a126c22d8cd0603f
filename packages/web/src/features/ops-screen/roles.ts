/** Who may open the operations screen, 日日清 and 削峰 (the server's SCREEN_ROLES). */
export const OPS_ROLES = [
  'dispatcher',
  'operator',
  'leader',
  'admin',
  'auditor',
  'handler',
  'inspector',
] as const;
