/**
 * Receipts (文书) as PDFs in Chinese: 受理通知书, 补正告知书, 不予受理决定书, 准予/不予行政许可决定书
 * and 延长审查期限告知书, set in Source Han Sans from an npm package (ADR 009).
 *
 * @example
 * import { renderReceipt } from '../receipts';
 * const pdf = await renderReceipt('correction', {
 *   applicationNo: 'HK20260105000123',
 *   itemName: '食品经营许可（新办）',
 *   applicantName: '李建国',
 *   applicantIdMasked: '310***********1234',
 *   departmentName: '区市场监督管理局',
 *   date: '2026年1月5日',
 *   deadline: '2026年1月12日',
 *   materials: ['经营场所平面图'],
 * });
 * reply.type('application/pdf').header('content-disposition', 'inline; filename="receipt.pdf"').send(pdf);
 */
export { renderReceipt, documentNumber, issuerName } from './receipt';
export { ReceiptData, ReceiptKind, parseReceiptData } from './receipt-data';
export { RECEIPT_TITLES } from './receipt-text';
