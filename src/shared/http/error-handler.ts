import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  BadRequest,
  PayloadTooLarge,
  UnsupportedMediaType,
  ValidationFailed,
} from '../errors.ts';
import type { ErrorEnvelope } from './envelope.ts';
import { validationDetails } from './validation.ts';

/** Fastify's own request errors, in our words. */
const FRAMEWORK_ERRORS: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    new BadRequest('malformed_json', 'The body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new BadRequest('malformed_json', 'The body is empty but its content type says JSON.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new BadRequest('bad_request', 'The Content-Length header does not match the body.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new PayloadTooLarge(),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new UnsupportedMediaType('This content type is not accepted here; send application/json.'),
  FST_ERR_BAD_URL: () => new BadRequest('bad_url', 'The URL is not validly percent-encoded.'),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    new AppError(414, 'uri_too_long', 'A part of the URL is too long.'),
};

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps any error to the one we answer with. Only 4xx errors keep their message. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new ValidationFailed(
      validationDetails(
        fastifyError.validation as unknown as ErrorObject[],
        fastifyError.validationContext ?? 'body',
      ),
    );
  }
  const framework = fastifyError.code ? FRAMEWORK_ERRORS[fastifyError.code] : undefined;
  if (framework) return framework();
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new AppError(status, STATUS_CODES[status] ?? 'bad_request', error.message);
  }
  return new AppError(500, 'internal_error', 'Something went wrong on our side.');
}

/** Answers any error with the envelope; a 5xx is logged and shows only the request id. */
export function sendError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const mapped = toAppError(error);
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  const envelope = {
    error: {
      code: mapped.code,
      message:
        mapped.status >= 500 ? `${mapped.message} Request id: ${request.id}.` : mapped.message,
      ...(mapped.details ? { details: mapped.details } : {}),
    },
  };
  return reply.status(mapped.status).headers(mapped.headers).send(envelope);
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(sendError);

  app.setNotFoundHandler((request, reply) => {
    const envelope: ErrorEnvelope = {
      error: {
        code: 'not_found',
        message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      },
    };
    return reply.status(404).send(envelope);
  });
}
