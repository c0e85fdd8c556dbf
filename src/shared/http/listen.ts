import type { App } from './create-app.ts';

export interface Listening {
  readonly app: App;
  readonly url: string;
  /** Lines worth printing at start-up, such as a demo login. */
  readonly notes?: readonly string[];
}

/** Starts listening and answers the URL people should open (never 0.0.0.0, which browsers refuse). */
export async function listen(app: App, host: string, port: number): Promise<Listening> {
  await app.listen({ host, port });
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { app, url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}` };
}
