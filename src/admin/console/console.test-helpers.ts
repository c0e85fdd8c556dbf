/** A browser stand-in for `app.inject`: keeps cookies and posts forms with the page's CSRF token. */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '#shared/http/create-app.ts';
import { bearer, serviceToken } from '#test/admin.ts';
import { testConfig } from '#test/app.ts';

export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: App) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(
      await this.app.inject({
        method: 'GET',
        url,
        headers: { cookie: this.cookieHeader, ...headers },
      }),
    );
  }

  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams(fields).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookieHeader,
          ...headers,
        },
      }),
    );
  }

  /** The CSRF token of a page this client loaded. */
  async csrf(url = '/traders'): Promise<string> {
    return csrfOf((await this.get(url)).body);
  }

  async login(
    email = testConfig().ADMIN_OPERATOR_EMAIL,
    password = testConfig().ADMIN_OPERATOR_PASSWORD,
  ) {
    const _csrf = csrfOf((await this.get('/login')).body);
    return this.post('/login', { _csrf, email, password });
  }

  private keep(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Files a trader application through the API, as the CMS does; answers its id. */
export async function pendingTrader(app: App, businessName: string): Promise<string> {
  const ref = randomUUID();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/traders',
    headers: bearer(await serviceToken(app)),
    payload: { email: `${ref}@example.com`, business_name: businessName, external_ref: ref },
  });
  if (response.statusCode !== 201) throw new Error(`file: ${response.statusCode} ${response.body}`);
  return response.json().id;
}
