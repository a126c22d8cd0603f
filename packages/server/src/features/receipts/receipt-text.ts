import type { ReceiptData, ReceiptKind } from './receipt-data';

/** The parts of a receipt's body, in reading order. */
export type ReceiptBlock =
  { type: 'paragraph'; text: string } | { type: 'heading'; text: string } | { type: 'list'; items: string[] };

/** The wording of one receipt: its title and its body. */
export interface ReceiptText {
  title: string;
  blocks: ReceiptBlock[];
  closing: string;
}

const LAW = '《中华人民共和国行政许可法》';

/** 文书名称 of each kind. */
export const RECEIPT_TITLES: Record<ReceiptKind, string> = {
  acceptance: '受理通知书',
  correction: '补正告知书',
  refusal: '不予受理决定书',
  approval: '准予行政许可决定书',
  denial: '不予行政许可决定书',
  extension: '延长审查期限告知书',
};

/** The district government that reviews its departments' decisions (行政复议机关, since 2024). */
export const REVIEW_BODY = '上海市虹口区人民政府';

/** A sentence ends with one full stop, whatever the caller wrote. */
function sentence(s: string): string {
  return s.trim().replace(/[。.；;，,\s]+$/u, '') + '。';
}

/** 告知复议、诉讼权利 — required by 行政许可法 第三十八条第二款 and 第三十二条. */
function appealRights(): string {
  return (
    `如不服本决定，可以自收到本决定书之日起六十日内向${REVIEW_BODY}申请行政复议，` +
    '或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。'
  );
}

/**
 * The wording of a receipt of `kind`, citing the article of the Administrative Licensing Law
 * each decision rests on.
 *
 * @example
 * receiptText('refusal', data).title; // '不予受理决定书'
 */
export function receiptText(kind: ReceiptKind, data: ReceiptData): ReceiptText {
  const application = `你（单位）提出的“${data.itemName}”申请（申请编号：${data.applicationNo}）`;
  const title = RECEIPT_TITLES[kind];
  const p = (text: string): ReceiptBlock => ({ type: 'paragraph', text });
  const materials = data.materials ?? [];

  switch (kind) {
    case 'acceptance':
      return {
        title,
        blocks: [
          p(
            `${application}，申请材料齐全、符合法定形式。根据${LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理。`,
          ),
          ...(data.deadline
            ? [
                p(
                  `本机关将于${data.deadline}前作出是否准予行政许可的决定。依法需要听证、检验、检测、检疫、鉴定或者专家评审的，所需时间不计算在上述期限内，本机关将另行书面告知。`,
                ),
              ]
            : []),
          ...(materials.length > 0
            ? [
                { type: 'heading', text: '已收取的申请材料：' } as const,
                { type: 'list', items: materials } as const,
              ]
            : []),
          p('你（单位）可以凭申请编号在虹口区“一网通办”平台查询办理进度。'),
        ],
        closing: '特此通知。',
      };
    case 'correction':
      return {
        title,
        blocks: [
          p(
            `${application}，经审查，申请材料不齐全或者不符合法定形式。根据${LAW}第三十二条第一款第（四）项的规定，现一次性告知需要补正的全部内容如下：`,
          ),
          { type: 'list', items: materials },
          p(
            `请于${data.deadline}前补正上述材料。补正期间不计入办理时限，自本机关收到全部补正材料之日起恢复计算；逾期未补正又无正当理由的，视为撤回申请。`,
          ),
        ],
        closing: '特此告知。',
      };
    case 'refusal':
      return {
        title,
        blocks: [
          p(`${application}，经审查，不符合受理条件。根据${LAW}第三十二条第一款的规定，本机关决定不予受理。`),
          p(`不予受理的理由：${sentence(data.reason ?? '')}`),
          p(appealRights()),
        ],
        closing: '特此决定。',
      };
    case 'approval':
      return {
        title,
        blocks: [
          p(
            `${application}，经审查，符合法定条件、标准。根据${LAW}第三十八条第一款的规定，本机关决定准予行政许可。`,
          ),
          ...(data.licenseNo
            ? [
                p(
                  `许可证件编号：${data.licenseNo}${data.deadline ? `，有效期至${data.deadline}` : ''}。电子证照已归集至你（单位）的电子证照库，今后办理其他事项时无需再次提交。`,
                ),
              ]
            : []),
        ],
        closing: '特此决定。',
      };
    case 'denial':
      return {
        title,
        blocks: [
          p(
            `${application}，经审查，不符合法定条件、标准。根据${LAW}第三十八条第二款的规定，本机关决定不予行政许可。`,
          ),
          p(`不予行政许可的理由：${sentence(data.reason ?? '')}`),
          p(appealRights()),
        ],
        closing: '特此决定。',
      };
    case 'extension':
      return {
        title,
        blocks: [
          p(`${application}，本机关已依法受理，因下列理由不能在法定期限内作出决定：`),
          p(`延长的理由：${sentence(data.reason ?? '')}`),
          p(
            `根据${LAW}第四十二条第一款的规定，经本机关负责人批准，审查期限延长至${data.deadline}。本机关将在延长后的期限内作出决定。`,
          ),
        ],
        closing: '特此告知。',
      };
  }
}
