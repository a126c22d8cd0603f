import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { RECEIPT_TITLES, renderReceipt, type ReceiptData, type ReceiptKind } from './index';

const base: ReceiptData = {
  applicationNo: 'HK20260105000123',
  itemName: '食品经营许可（新办）',
  applicantName: '上海一网演示科技有限公司',
  applicantIdMasked: '91310109********7X',
  departmentName: '区市场监督管理局',
  date: '2026年1月5日',
  clerkName: '王晓红',
};

const examples: Record<ReceiptKind, ReceiptData> = {
  acceptance: { ...base, deadline: '2026年1月19日', materials: ['食品经营许可申请书', '营业执照'] },
  correction: {
    ...base,
    deadline: '2026年1月12日',
    materials: ['经营场所平面图（标明各功能区域面积）', 'ISO 22000 证书复印件'],
  },
  refusal: { ...base, reason: '申请事项依法不属于本机关职权范围' },
  approval: { ...base, licenseNo: 'JY23101090012345', deadline: '2031年1月4日' },
  denial: { ...base, reason: '经营场所与污染源的距离不足25米' },
  extension: { ...base, reason: '需征求区卫生健康委员会意见', deadline: '2026年2月2日' },
};

async function textOf(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  await doc.destroy();
  return text.replace(/\s+/gu, '');
}

describe('renderReceipt', () => {
  for (const kind of Object.keys(examples) as ReceiptKind[]) {
    it(`renders a small A4 PDF of the ${kind} receipt whose text reads ${RECEIPT_TITLES[kind]}`, async () => {
      const pdf = await renderReceipt(kind, examples[kind]);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/FontFile[23]/u);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+SourceHanSansCN-Regular/u);
      expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
      expect(pdf.length).toBeLessThan(300_000);

      const text = await textOf(pdf);
      expect(text).toContain(RECEIPT_TITLES[kind]);
      expect(text).toContain('上海市虹口区市场监督管理局');
      expect(text).toContain('虹口市监');
      expect(text).toContain('〔2026〕123号');
      expect(text).toContain('2026年1月5日');
      expect(text).toContain('HK20260105000123');
    });
  }

  it('lists every material to supply and the date to supply them by on a 补正告知书', async () => {
    const text = await textOf(await renderReceipt('correction', examples.correction));
    expect(text).toContain('1.经营场所平面图（标明各功能区域面积）');
    expect(text).toContain('2.ISO22000证书复印件');
    expect(text).toContain('请于2026年1月12日前补正');
  });

  it('tells of the rights to 行政复议 within 60 days and 行政诉讼 within 6 months on a refusal and a denial', async () => {
    for (const kind of ['refusal', 'denial'] as const) {
      const text = await textOf(await renderReceipt(kind, examples[kind]));
      expect(text).toContain(examples[kind].reason);
      expect(text).toContain('六十日内向上海市虹口区人民政府申请行政复议');
      expect(text).toContain('六个月内依法向人民法院提起行政诉讼');
    }
  });

  it('gives the same bytes for the same data', async () => {
    const a = await renderReceipt('approval', examples.approval);
    const b = await renderReceipt('approval', examples.approval);
    expect(a.equals(b)).toBe(true);
    const doc = await getDocument({ data: new Uint8Array(a), isEvalSupported: false }).promise;
    const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
    await doc.destroy();
    expect(info.CreationDate).toMatch(/^D:20260104160000/u);
  });

  it('continues a long list of materials onto a second page', async () => {
    const materials = Array.from(
      { length: 30 },
      (_, i) => `第${i + 1}项补正材料：经营场所产权证明或者租赁合同复印件`,
    );
    const pdf = await renderReceipt('correction', { ...examples.correction, materials });
    const text = await textOf(pdf);
    expect(text).toContain('第2页/共2页');
    expect(text).toContain('30.第30项补正材料');
  });

  it('refuses a 补正告知书 without materials and a refusal without a reason', async () => {
    await expect(renderReceipt('correction', { ...base, deadline: '2026年1月12日' })).rejects.toThrow(
      /materials/u,
    );
    await expect(renderReceipt('refusal', base)).rejects.toThrow(/reason/u);
    await expect(renderReceipt('acceptance', { ...base, date: '2026-01-05' })).rejects.toThrow(
      /YYYY年M月D日/u,
    );
  });
});
