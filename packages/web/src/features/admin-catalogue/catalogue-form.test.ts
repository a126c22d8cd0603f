import { describe, expect, it } from 'vitest';
import type { ItemDefinition } from '../catalogue/catalogue-api';
import { editorFieldName, fromEditorValues, toEditorValues } from './catalogue-form';

const def: ItemDefinition = {
  code: 'SCJG-004',
  name: '食品经营许可（新办）',
  type: '行政许可',
  departmentCode: 'D-SCJGJ',
  basis: '《食品安全法》',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  instant: false,
  visits: 0,
  fee: '不收费',
  materials: [
    { key: 'licence', name: '营业执照', required: true, source: 'elicense', licenseType: 'business-licence' },
  ],
  form: { fields: [{ key: 'shopName', label: { zh: '店名', en: 'Shop' }, type: 'text', required: true }] },
  lifeEvents: ['开餐饮店'],
  keywords: ['餐饮'],
  pledgeAllowed: true,
  toleranceAllowed: false,
  riskLevel: 'medium',
  demoAssumptions: [],
};

describe('the catalogue editor form', () => {
  it('round-trips a definition through the editor values', () => {
    expect(fromEditorValues(toEditorValues(def))).toEqual(def);
  });

  it('drops empty optional texts', () => {
    expect(fromEditorValues({ ...toEditorValues(def), nameEn: '' })).not.toHaveProperty('nameEn');
  });

  it('names the JSON box that does not parse', () => {
    expect(() => fromEditorValues({ ...toEditorValues(def), materialsJson: '[{' })).toThrow(
      expect.objectContaining({ field: 'materialsJson' }),
    );
  });

  it('puts server errors on the matching editor field', () => {
    expect(editorFieldName('definition.promisedLimitDays')).toEqual({
      name: ['promisedLimitDays'],
      prefix: '',
    });
    expect(editorFieldName('definition.materials.0.licenseType')).toEqual({
      name: ['materialsJson'],
      prefix: '0.licenseType: ',
    });
    expect(editorFieldName('definition.form.fields.2.options')).toEqual({
      name: ['formJson'],
      prefix: '2.options: ',
    });
  });
});
