/**
 * The service token of the client-credentials grant, fetched once and shared until shortly before it
 * expires. Callers arriving while it is being fetched wait for the same request.
 */
export interface TokenCache {
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (the Admin refused it). */
  invalidate(token: string): void;
}

export function createTokenCache(
  fetchToken: () => Promise<{ access_token: string; expires_in: number }>,
  marginMs: number,
): TokenCache {
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function renew(): Promise<string> {
    const answer = await fetchToken();
    const lifetimeMs = answer.expires_in * 1000;
    // A token shorter-lived than the margin is still used for half its life, not fetched per call.
    const renewAt = Date.now() + Math.max(lifetimeMs - marginMs, lifetimeMs / 2);
    cached = { token: answer.access_token, renewAt };
    return answer.access_token;
  }

  return {
    get() {
      if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= renew().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
