import type { ItemDefinition } from '../catalogue/catalogue-api';

/** The editor's form values: the definition with materials and form fields as JSON text. */
export type EditorValues = Omit<ItemDefinition, 'materials' | 'form'> & {
  materialsJson: string;
  formJson: string;
};

export function toEditorValues(d: ItemDefinition): EditorValues {
  const { materials, form, ...rest } = d;
  return {
    ...rest,
    materialsJson: JSON.stringify(materials, null, 2),
    formJson: JSON.stringify(form.fields, null, 2),
  };
}

/**
 * Back to a definition; a JSON text that does not parse throws `{ field, message }` so the editor
 * can show it under that box. Empty optional text fields are left out.
 */
export function fromEditorValues(v: EditorValues): ItemDefinition {
  const parse = (field: 'materialsJson' | 'formJson', text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw { field, message: (e as Error).message };
    }
  };
  const { materialsJson, formJson, ...rest } = v;
  const def = {
    ...rest,
    materials: parse('materialsJson', materialsJson),
    form: { fields: parse('formJson', formJson) },
  } as ItemDefinition;
  for (const k of ['nameEn', 'issuesLicenseType', 'source'] as const) if (!def[k]) delete def[k];
  return def;
}

/** Where a server field error belongs in the editor: nested material and form errors go to their JSON box. */
export function editorFieldName(field: string): { name: string[]; prefix: string } {
  const parts = field.split('.');
  if (parts[0] === 'definition') parts.shift();
  if (parts[0] === 'materials' && parts.length > 1)
    return { name: ['materialsJson'], prefix: `${parts.slice(1).join('.')}: ` };
  if (parts[0] === 'form' && parts.length > 1)
    return { name: ['formJson'], prefix: `${parts.slice(2).join('.')}: ` };
  return { name: [parts[0] ?? field], prefix: '' };
}
