import { AppError } from '../errors.ts';
import { toAppError } from '../http/error-handler.ts';

/** What a panel shows for a failed action: one sentence, and a line per field when there are any. */
export interface Problem {
  readonly status: number;
  readonly message: string;
  readonly problems: readonly string[];
  /** Field name → its message, to put next to the input. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Turns any error into words for a page. Typed errors keep their message and details; anything else
 * becomes the same 500 sentence the JSON API gives, so a page never leaks a stack trace or SQL.
 */
export function describeError(error: unknown): Problem {
  const mapped =
    error instanceof AppError
      ? error
      : toAppError(error instanceof Error ? error : new Error(String(error)));
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  for (const detail of mapped.details ?? []) {
    const field = typeof detail.field === 'string' ? detail.field : undefined;
    const message = typeof detail.message === 'string' ? detail.message : undefined;
    if (field && message) {
      fields[field] ??= message;
      problems.push(`${field.replaceAll('_', ' ')}: ${message}`);
    } else if (message) {
      problems.push(message);
    }
  }
  return { status: mapped.status, message: mapped.message, problems, fields };
}
