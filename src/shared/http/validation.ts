import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
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
const bodyAjv = withFormats(new Ajv({ ...common, coerceTypes: false }));
const textAjv = withFormats(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  refuseUnstorableText((httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object));

const rfc3339 = fullFormats['date-time'] as { validate: (value: string) => boolean };

/**
 * A date-time must also be an instant JavaScript and PostgreSQL both take (years 1–9999 in UTC):
 * RFC 3339 alone lets through year 0000, leap seconds and offsets that push past 9999.
 */
function withFormats(ajv: Ajv): Ajv {
  addFormats.default(ajv);
  // ajv-formats also takes the `urn:uuid:` form, which PostgreSQL's uuid refuses (a 500 then).
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => {
      if (!rfc3339.validate(value)) return false;
      const year = new Date(value).getUTCFullYear();
      return year >= 1 && year <= 9999;
    },
  });
}

// PostgreSQL text and jsonb cannot hold NUL, and UTF-8 cannot encode a lone surrogate.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Free-form JSON (product attributes) deeper than this would overflow a stack on its way to jsonb. */
const MAX_DEPTH = 32;
const UNSTORABLE_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

type Unstorable = { keyword: 'unstorableText' | 'maxDepth'; instancePath: string; message: string };

/** The first string (or key) in `data` the database could not store, or a nesting too deep. */
function unstorableAt(data: unknown, path: string, depth = 0): Unstorable | null {
  if (typeof data === 'string') {
    return UNSTORABLE.test(data)
      ? { keyword: 'unstorableText', instancePath: path, message: UNSTORABLE_MESSAGE }
      : null;
  }
  if (typeof data !== 'object' || data === null) return null;
  if (depth >= MAX_DEPTH) {
    const message = `must not be nested more than ${MAX_DEPTH} levels deep`;
    return { keyword: 'maxDepth', instancePath: path, message };
  }
  for (const [key, value] of Object.entries(data)) {
    const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const found = UNSTORABLE.test(key)
      ? ({ keyword: 'unstorableText', instancePath: at, message: UNSTORABLE_MESSAGE } as const)
      : unstorableAt(value, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Adds to a schema's checks that every string can be stored, so such input is a 422, not a 500. */
function refuseUnstorableText(validate: ValidateFunction) {
  const check = (data: unknown): boolean => {
    if (!validate(data)) {
      check.errors = validate.errors;
      return false;
    }
    const found = unstorableAt(data, '');
    check.errors = found && [{ ...found, schemaPath: '#', params: {} }];
    return found === null;
  };
  check.errors = null as ValidateFunction['errors'];
  return check;
}

const CODES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'invalid_type',
  format: 'invalid_format',
  unstorableText: 'invalid_characters',
  maxDepth: 'too_deep',
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
