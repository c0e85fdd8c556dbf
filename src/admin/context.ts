import type { Sealer } from '#shared/auth/encryption.ts';
import type { TokenIssuer } from '#shared/auth/tokens.ts';
import type { Config } from '#shared/config.ts';
import type { Db } from '#shared/db/client.ts';

/** What every Admin feature needs, built once in app.ts and passed to each feature's routes. */
export interface AdminContext {
  readonly config: Config;
  readonly db: Db;
  readonly tokens: TokenIssuer;
  /** Seals API keys while they wait to reach the CMS. */
  readonly sealer: Sealer;
}

export const ADMIN_ISSUER = 'broker-admin';
/** Tokens for service clients (the CMS and the Shop), from the client-credentials grant. */
export const SERVICE_AUDIENCE = 'broker-admin:service';
/** Tokens for platform operators. */
export const OPERATOR_AUDIENCE = 'broker-admin:operator';
/** Service tokens live 15 minutes; clients cache them until shortly before expiry. */
export const SERVICE_TOKEN_TTL_SECONDS = 15 * 60;
