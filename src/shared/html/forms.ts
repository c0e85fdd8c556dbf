/**
 * Reading url-encoded form bodies and query strings, where every value is text, may be missing, and
 * may be repeated by a hand-crafted request.
 */
export type FormBody = Readonly<Record<string, unknown>>;

export const CSRF_FIELD = '_csrf';

export function asForm(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

/** The field's text, trimmed; '' when missing. A repeated field counts as its first value. */
export function text(form: FormBody, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/**
 * A path on this site to come back to after a form post. Anything else (`//evil.example`,
 * `https://…`, `/\evil`) answers the fallback, so a form can never become an open redirect.
 */
export function localPath(value: string, fallback: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}

/** `path?a=1&b=2`, leaving out empty values. */
export function withQuery(
  path: string,
  params: Readonly<Record<string, string | number | null | undefined>>,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
