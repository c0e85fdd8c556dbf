import type { ValidateFunction } from 'ajv';
import type { Static, TSchema } from 'typebox';
import { ValidationFailed } from '../errors.ts';
import { validationDetails, validatorCompiler } from '../http/validation.ts';

const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Checks a form's values against the same TypeBox schema the JSON API uses (STYLE.md: one schema,
 * one type), so a form can never store what the API would refuse. `messages` swaps a schema's
 * wording ("must match pattern ^(0|[1-9]…") for words an operator understands, per field.
 */
export function validateForm<T extends TSchema>(
  schema: T,
  values: unknown,
  messages: Readonly<Record<string, string>> = {},
): Static<T> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = validatorCompiler({
      schema,
      method: 'POST',
      url: '',
      httpPart: 'body',
    }) as ValidateFunction;
    compiled.set(schema, validate);
  }
  if (validate(values)) return values as Static<T>;
  const details = validationDetails(validate.errors ?? [], 'body').map((detail) => {
    const friendly = detail.field ? messages[detail.field] : undefined;
    return friendly && detail.code !== 'required' ? { ...detail, message: friendly } : detail;
  });
  // One message per field: a union type reports each branch it failed.
  const seen = new Set<string>();
  throw new ValidationFailed(
    details.filter((detail) => {
      const key = detail.field ?? detail.message;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    'Some fields need another look.',
  );
}

/** "12" → 12; anything that is not a plain integer stays text, for the schema to refuse by name. */
export function integerOrText(value: string): number | string {
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}
