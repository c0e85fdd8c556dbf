import type { ErrorObject } from 'ajv';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { ErrorDetail } from '../errors.ts';

const common = {
  allErrors: true,
  // Unknown fields must be refused, never silently dropped (DESIGN.md §4).
  removeAdditional: false,
  useDefaults: true,
  // TypeBox adds its own annotations to schemas; they are not Ajv keywords.
  strict: false,
} as const;

// JSON bodies carry real types, so "5" is not a number there; query strings and paths are all text.
const bodyAjv = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);

const CODES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'invalid_type',
  format: 'invalid_format',
};

/** Turns Ajv's errors into envelope details that name each field, e.g. `items.0.quantity`. */
export function validationDetails(errors: readonly ErrorObject[], location: string): ErrorDetail[] {
  return errors.map((error) => {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (error.keyword === 'required') path.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties')
      path.push(String(error.params.additionalProperty));
    return {
      field: path.length > 0 ? path.join('.') : location,
      location,
      code: CODES[error.keyword] ?? 'invalid_value',
      message: messageOf(error),
    };
  });
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not an allowed field';
  return error.message ?? 'is not valid';
}
