import PDFDocument from 'pdfkit';
import { breakLines } from './line-breaking';
import { dateOf, parseReceiptData, type ReceiptData, type ReceiptKind } from './receipt-data';
import { receiptFonts } from './receipt-fonts';
import { receiptText, type ReceiptBlock } from './receipt-text';

type Doc = PDFKit.PDFDocument;
type Face = 'cjk' | 'latin';

// A4 with the margins of GB/T 9704 (党政机关公文格式): 28 mm left, 26 mm right, 37 mm top.
const PAGE = { width: 595.28, height: 841.89 };
const LEFT = 79.4;
const RIGHT = PAGE.width - 73.7;
const WIDTH = RIGHT - LEFT;
const TOP = 72;
const BOTTOM = PAGE.height - 72;
const BODY = { size: 14, leading: 24 };
const INK = '#1a1a1a';
const GREY = '#6b6b6b';
const SEAL = '#8a8a8a';

/** 文号 kind codes: 许受 (受理), 许补 (补正), 不受 (不予受理), 许准, 许不, 许延. */
const DOCUMENT_CODES: Record<ReceiptKind, string> = {
  acceptance: '许受',
  correction: '许补',
  refusal: '不受',
  approval: '许准',
  denial: '许不',
  extension: '许延',
};

/** 机关代字 of the departments that issue licences; others use the two characters after 区. */
const DEPARTMENT_CODES: Record<string, string> = {
  区市场监督管理局: '市监',
  区卫生健康委员会: '卫健',
  区住房保障和房屋管理局: '房管',
  区规划和自然资源局: '规划资源',
  区绿化和市容管理局: '绿容',
  区建设和管理委员会: '建管',
  区城市管理行政执法局: '城管',
  区人力资源和社会保障局: '人社',
  区发展和改革委员会: '发改',
  区生态环境局: '环',
};

/** The department's full name as it signs: 区市场监督管理局 → 上海市虹口区市场监督管理局. */
export function issuerName(departmentName: string): string {
  if (departmentName.startsWith('上海市')) return departmentName;
  if (departmentName.startsWith('虹口区')) return `上海市${departmentName}`;
  if (departmentName.startsWith('区')) return `上海市虹口${departmentName}`;
  return departmentName;
}

/**
 * The 文号 when the caller gives none: 虹口 + 机关代字 + kind code + 〔year〕 + the application
 * number's last digits, e.g. 虹口市监许受〔2026〕123号.
 */
export function documentNumber(kind: ReceiptKind, data: ReceiptData): string {
  if (data.documentNo) return data.documentNo;
  const name = data.departmentName.replace(/^(上海市)?(虹口)?区?/u, '区');
  const department = DEPARTMENT_CODES[name] ?? name.slice(1, 3);
  const serial = Number(data.applicationNo.match(/\d+(?!.*\d)/u)?.[0].slice(-6) ?? 0);
  return `虹口${department}${DOCUMENT_CODES[kind]}〔${data.date.slice(0, 4)}〕${serial}号`;
}

let cjkCharacters: number[] | undefined;

/** Sets text in two faces: CJK in Source Han Sans, everything else in Source Sans 3. */
class Typesetter {
  private readonly widths = new Map<string, number>();
  private readonly cjkChars: Set<number>;
  y = TOP;

  constructor(
    private readonly doc: Doc,
    cjkCharacterSet: number[],
  ) {
    this.cjkChars = new Set(cjkCharacterSet);
  }

  face(ch: string): Face {
    return this.cjkChars.has(ch.codePointAt(0)!) ? 'cjk' : 'latin';
  }

  /** Runs of consecutive characters in the same face. */
  runs(text: string): { face: Face; text: string }[] {
    const runs: { face: Face; text: string }[] = [];
    for (const ch of text) {
      const face = this.face(ch);
      const last = runs[runs.length - 1];
      if (last?.face === face) last.text += ch;
      else runs.push({ face, text: ch });
    }
    return runs;
  }

  width(text: string, size: number): number {
    let total = 0;
    for (const ch of text) {
      const key = `${size}:${ch}`;
      let w = this.widths.get(key);
      if (w === undefined) {
        w = this.doc.font(this.face(ch)).fontSize(size).widthOfString(ch);
        this.widths.set(key, w);
      }
      total += w;
    }
    return total;
  }

  /** Draws one line with its baseline at `y`, stretched to `justify` points wide when given. */
  line(
    text: string,
    x: number,
    y: number,
    size: number,
    opts: { color?: string; justify?: number; bold?: boolean } = {},
  ) {
    const chars = [...text].length;
    const natural = this.width(text, size);
    const spacing =
      opts.justify && chars > 1 && natural < opts.justify && opts.justify - natural < size * chars * 0.3
        ? (opts.justify - natural) / (chars - 1)
        : 0;
    let cursor = x;
    this.doc.fillColor(opts.color ?? INK).strokeColor(opts.color ?? INK);
    if (opts.bold) this.doc.lineWidth(size * 0.035);
    for (const run of this.runs(text)) {
      this.doc
        .font(run.face)
        .fontSize(size)
        .text(run.text, cursor, y, {
          lineBreak: false,
          baseline: 'alphabetic',
          characterSpacing: spacing,
          fill: true,
          stroke: opts.bold ?? false,
        });
      cursor += this.width(run.text, size) + spacing * [...run.text].length;
    }
  }

  centred(
    text: string,
    y: number,
    size: number,
    opts: { color?: string; bold?: boolean; tracking?: number } = {},
  ) {
    const spaced = opts.tracking ? [...text].join(' '.repeat(opts.tracking)) : text;
    this.line(spaced, LEFT + (WIDTH - this.width(spaced, size)) / 2, y, size, opts);
  }

  /** Starts a new page when `height` more points would not fit above the bottom margin. */
  room(height: number): void {
    if (this.y + height > BOTTOM) {
      this.doc.addPage();
      this.y = TOP;
    }
  }

  /** A justified paragraph; `indent` for the first line, `hanging` for the lines after it. */
  paragraph(text: string, opts: { indent?: number; hanging?: number; left?: number } = {}) {
    const left = LEFT + (opts.left ?? 0);
    const width = RIGHT - left;
    const hanging = opts.hanging ?? 0;
    const indent = opts.indent ?? 0;
    const lines = breakLines(text, width - hanging, (s) => this.width(s, BODY.size), indent - hanging);
    lines.forEach((l, i) => {
      this.room(BODY.leading);
      this.y += BODY.leading;
      const x = left + (i === 0 ? indent : hanging);
      this.line(l.text, x, this.y, BODY.size, { justify: l.last ? undefined : RIGHT - x });
    });
  }
}

/**
 * Renders a receipt (文书) of `kind` as an A4 PDF in Chinese, with the fonts embedded as
 * subsets. The same data gives the same bytes: the PDF's dates come from `data.date`.
 * Throws a ZodError when the data lacks what the kind needs.
 *
 * @example
 * const pdf = await renderReceipt('acceptance', {
 *   applicationNo: 'HK20260105000123',
 *   itemName: '食品经营许可（新办）',
 *   applicantName: '上海一网演示科技有限公司',
 *   applicantIdMasked: '91310109********7X',
 *   departmentName: '区市场监督管理局',
 *   date: '2026年1月5日',
 *   deadline: '2026年1月19日',
 * });
 * reply.type('application/pdf').send(pdf);
 */
export async function renderReceipt(kind: ReceiptKind, input: ReceiptData): Promise<Buffer> {
  const data = parseReceiptData(kind, input);
  const text = receiptText(kind, data);
  const issuer = issuerName(data.departmentName);
  const created = dateOf(data.date);
  const fonts = receiptFonts();

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    compress: true,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${text.title}（${data.applicationNo}）`,
      Author: issuer,
      Subject: data.itemName,
      Creator: 'Yiwang 一网 — 虹口区“一网通办”',
      Producer: 'Yiwang 一网 (PDFKit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('cjk', fonts.cjk);
  doc.registerFont('latin', fonts.latin);
  doc.font('cjk');
  // pdfkit keeps the fontkit font it parsed; its character set tells which face sets a character
  cjkCharacters ??= (doc as unknown as { _font: { font: { characterSet: number[] } } })._font.font
    .characterSet;
  const t = new Typesetter(doc, cjkCharacters);

  // 版头: the government, the department, the title and the 文号
  t.centred('上海市虹口区人民政府', (t.y += 4), 12, { color: GREY, tracking: 1 });
  t.centred(issuer, (t.y += 24), 17);
  doc
    .moveTo(LEFT, (t.y += 12))
    .lineTo(RIGHT, t.y)
    .lineWidth(0.8)
    .strokeColor(INK)
    .stroke();
  t.centred(text.title, (t.y += 40), 22, { bold: true });
  t.centred(documentNumber(kind, data), (t.y += 26), 12, { color: GREY });
  t.y += 12;

  // 主送: the applicant, then the case at a glance
  t.paragraph(`${data.applicantName}：`);
  t.y += 8;
  const rows: [string, string][] = [
    ['申请编号', data.applicationNo],
    ['申请事项', data.itemName],
    ['申请人', data.applicantName],
    ['证件号码', data.applicantIdMasked],
  ];
  const labelWidth = 64;
  const boxTop = t.y;
  for (const [label, value] of rows) {
    const lines = breakLines(value, WIDTH - labelWidth - 16, (s) => t.width(s, 11));
    t.room(lines.length * 17 + 6);
    t.y += 17;
    t.line(label, LEFT + 8, t.y, 11, { color: GREY });
    lines.forEach((l, i) => t.line(l.text, LEFT + 8 + labelWidth, (t.y += i === 0 ? 0 : 16), 11));
  }
  t.y += 8;
  doc
    .rect(LEFT, boxTop, WIDTH, t.y - boxTop)
    .lineWidth(0.5)
    .strokeColor('#b5b5b5')
    .stroke();
  t.y += 6;

  // 正文
  const indent = t.width('　　', BODY.size);
  const renderBlock = (block: ReceiptBlock) => {
    if (block.type === 'paragraph') t.paragraph(block.text, { indent });
    else if (block.type === 'heading') t.paragraph(block.text, { indent });
    else
      block.items.forEach((item, i) => {
        const marker = `${i + 1}. `;
        const w = t.width(marker, BODY.size);
        t.paragraph(`${marker}${item}`, { left: indent, hanging: w });
      });
  };
  text.blocks.forEach(renderBlock);
  t.paragraph(text.closing, { indent });

  // 落款: the department, the date, the seal's place, the clerk
  // The ring may rise beside the short closing line; only the name and date need their own lines.
  const sealRadius = 58;
  t.room(2 * BODY.leading + sealRadius);
  const nameWidth = t.width(issuer, BODY.size);
  const centre = Math.min(RIGHT - nameWidth / 2 - 8, RIGHT - sealRadius - 8);
  const nameY = t.y + 2 * BODY.leading;
  drawSealPlaceholder(doc, t, centre, nameY - 4, sealRadius, issuer);
  t.line(issuer, centre - nameWidth / 2, nameY, BODY.size);
  t.line(data.date, centre - t.width(data.date, BODY.size) / 2, nameY + BODY.leading, BODY.size);
  if (data.clerkName) t.line(`经办人：${data.clerkName}`, LEFT, nameY + BODY.leading, 12, { color: GREY });
  t.y = nameY + sealRadius;

  // 页脚 on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const footer = `本文书由上海市虹口区“一网通办”平台生成 · 申请编号 ${data.applicationNo} · 第 ${i + 1} 页 / 共 ${range.count} 页`;
    doc
      .moveTo(LEFT, PAGE.height - 52)
      .lineTo(RIGHT, PAGE.height - 52)
      .lineWidth(0.4)
      .strokeColor('#c8c8c8')
      .stroke();
    t.centred(footer, PAGE.height - 38, 8, { color: GREY });
  }

  doc.end();
  return done;
}

/**
 * Where the seal goes: a grey dashed ring with the department's name along its top and
 * "用印位置（非印章）" along its bottom — no star, no red, nothing that passes for a seal.
 */
function drawSealPlaceholder(doc: Doc, t: Typesetter, cx: number, cy: number, r: number, name: string) {
  doc.save();
  doc.circle(cx, cy, r).lineWidth(1).dash(3, { space: 2.5 }).strokeColor(SEAL).stroke();
  doc.undash();
  arcText(doc, t, name, cx, cy, r - 10, 8, 'top');
  arcText(doc, t, '用印位置（非印章）', cx, cy, r - 9, 7, 'bottom');
  doc.restore();
}

/** Characters set upright along an arc of the circle, centred on its top or its bottom. */
function arcText(
  doc: Doc,
  t: Typesetter,
  text: string,
  cx: number,
  cy: number,
  radius: number,
  size: number,
  side: 'top' | 'bottom',
) {
  const chars = [...text];
  const step = Math.min(((size * 1.1) / radius) * (180 / Math.PI), 150 / chars.length);
  chars.forEach((ch, i) => {
    const offset = (i - (chars.length - 1) / 2) * step;
    // top: clockwise from the left; bottom: counter-clockwise so it still reads left to right
    const angle = side === 'top' ? offset : 180 - offset;
    const rad = (angle * Math.PI) / 180;
    const x = cx + radius * Math.sin(rad);
    const y = cy - radius * Math.cos(rad);
    const w = t.width(ch, size);
    doc.save();
    doc.rotate(side === 'top' ? angle : angle - 180, { origin: [x, y] });
    const baseline = side === 'top' ? y + size * 0.38 : y + size * 0.1;
    t.line(ch, x - w / 2, baseline, size, { color: SEAL });
    doc.restore();
  });
}
