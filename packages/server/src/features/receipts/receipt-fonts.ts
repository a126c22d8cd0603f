import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The two faces a receipt is set in, as font files' bytes. */
export interface ReceiptFonts {
  /** Source Han Sans CN (思源黑体): every CJK character of Unicode's URO, no Latin. */
  cjk: Buffer;
  /** Source Sans 3 — Source Han Sans' own Latin design — for Latin, digits, quotes and dashes. */
  latin: Buffer;
}

let fonts: ReceiptFonts | undefined;

/**
 * The receipt fonts, read once from the npm packages that ship them (so `npm install` is
 * all a machine needs; see ADR 009).
 *
 * @example
 * doc.registerFont('cjk', receiptFonts().cjk);
 */
export function receiptFonts(): ReceiptFonts {
  fonts ??= {
    cjk: readFileSync(
      join(dirname(require.resolve('@librescore/fonts/package.json')), 'SourceHanSansCN.min.woff2'),
    ),
    latin: readFileSync(
      require.resolve('@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff'),
    ),
  };
  return fonts;
}
