import type { ErrorObject } from 'ajv';
import type { FastifySchemaValidationError } from 'fastify';
import { ValidationFailed } from '#shared/errors.ts';
import { validationDetails } from '#shared/http/validation.ts';
import { READ_ONLY_FIELDS } from './schemas.ts';

/**
 * The PATCH schema refuses every field it does not declare; this tells a central field (price,
 * stock, …) from a misspelt one, so the client learns that the field exists but is not the trader's
 * to change. All problems of the body come back in one answer, read-only, unknown and bad values
 * alike, under the usual `validation_failed`.
 */
export function readOnlyAwareErrors(
  errors: FastifySchemaValidationError[],
  location: string,
): Error {
  const details = validationDetails(errors as unknown as ErrorObject[], location).map((detail) =>
    location === 'body' &&
    detail.code === 'unknown_field' &&
    detail.field !== undefined &&
    READ_ONLY_FIELDS.has(detail.field)
      ? {
          ...detail,
          code: 'read_only_field',
          message: 'is read-only: it comes from the central catalog',
        }
      : detail,
  );
  return new ValidationFailed(details);
}
