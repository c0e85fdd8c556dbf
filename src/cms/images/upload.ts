import type { FastifyRequest } from 'fastify';
import {
  AppError,
  BadRequest,
  PayloadTooLarge,
  UnsupportedMediaType,
  ValidationFailed,
} from '#shared/errors.ts';

const MULTIPART = /^multipart\/form-data(;|$)/i;

/** A preParsing hook: anything but multipart/form-data is a 415 before the body is read. */
export async function requireMultipart(request: FastifyRequest): Promise<void> {
  if (!MULTIPART.test(request.headers['content-type']?.trim() ?? '')) {
    throw new UnsupportedMediaType(
      'Send the image as multipart/form-data, in a field named "file".',
    );
  }
}

const onlyFile = (field: string, message: string) =>
  new ValidationFailed([{ field, location: 'body', code: 'invalid_value', message }]);

/**
 * Reads the one file of a multipart body (field `file`) into memory, never more than `maxBytes` of
 * it: busboy stops counting at the limit, and the upload is refused with a 413.
 */
export async function readSingleFile(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  let file: Buffer | undefined;
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10 } });
    for await (const part of parts) {
      if (part.type !== 'file' || part.fieldname !== 'file') {
        throw onlyFile(part.fieldname, 'is not an allowed field; send one file field named "file"');
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    throw uploadError(error, maxBytes);
  }
  if (!file) {
    throw new ValidationFailed([
      { field: 'file', location: 'body', code: 'required', message: 'is required' },
    ]);
  }
  return file;
}

/** The multipart plugin's and busboy's errors, in the envelope's words. */
function uploadError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new PayloadTooLarge(
        `The image is larger than ${maxBytes / (1024 * 1024)} MB; send a smaller one.`,
      );
    case 'FST_FILES_LIMIT':
      return onlyFile('file', 'must be sent exactly once');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new PayloadTooLarge('The form has too many parts; send only the file.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new UnsupportedMediaType('Send the image as multipart/form-data.');
    default:
      return new BadRequest('malformed_multipart', 'The multipart body could not be read.');
  }
}
