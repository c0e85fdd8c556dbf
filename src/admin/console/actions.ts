import type { FastifyReply } from 'fastify';
import { describeError } from '#shared/html/errors.ts';
import { type FormBody, localPath, text } from '#shared/html/forms.ts';
import { redirectAfterPost } from '#shared/html/render.ts';
import type { ConsoleWeb } from './web.ts';

/** The page a form came from (its hidden `return_to`), or the section's first page. */
export function returnTo(form: FormBody, fallback: string): string {
  return localPath(text(form, 'return_to'), fallback);
}

/**
 * Post/redirect/get for a row action: run it, then go back to the page the form was on with the
 * outcome as a flash message. Expected failures (a conflict, a bad value) become that message; only
 * a real fault reaches the error handler.
 */
export async function actAndReturn(
  reply: FastifyReply,
  web: ConsoleWeb,
  back: string,
  action: () => Promise<string>,
): Promise<FastifyReply> {
  try {
    web.flashes.set(reply, { kind: 'success', text: await action() });
  } catch (error) {
    const problem = describeError(error);
    if (problem.status >= 500) throw error;
    web.flashes.set(reply, {
      kind: 'error',
      text: [problem.message, ...problem.problems].join(' '),
    });
  }
  return redirectAfterPost(reply, back);
}

/** The query of a local path, e.g. the filters of the page a form came from. */
export function queryOf(path: string): Record<string, string> {
  return Object.fromEntries(new URL(path, 'http://console.invalid').searchParams);
}
