export {
  FormField,
  FormFieldType,
  MaterialSource,
  ServiceBundle,
  ServiceBundleKind,
  ServiceForm,
  ServiceItemCode,
  ServiceItemDefinition,
  ServiceItemType,
  ServiceMaterial,
} from './service-item';
export { formSchemaToZod } from './form-schema-to-zod';
export type { FormSchemaOptions, FormValues } from './form-schema-to-zod';
