import type { AdminClient } from '#shared/admin-client/client.ts';
import type { Sealer } from '#shared/auth/encryption.ts';
import type { TokenIssuer } from '#shared/auth/tokens.ts';
import type { Config } from '#shared/config.ts';
import type { Database, Db } from '#shared/db/client.ts';

/** What every CMS feature needs, built once in app.ts and passed to each feature's routes. */
export interface CmsContext {
  readonly config: Config;
  readonly db: Db;
  /** One connection for a while, e.g. a sync's temporary staging table. */
  readonly session: Database['session'];
  readonly tokens: TokenIssuer;
  /** The one client of the Admin API. */
  readonly admin: AdminClient;
  /** Seals trader API keys at rest (AES-256-GCM, DATA_ENCRYPTION_KEY). */
  readonly sealer: Sealer;
  /** Products per page of a sync; the Admin's largest page unless a test wants more pages. */
  readonly syncPageSize?: number;
}

export const CMS_ISSUER = 'broker-cms';
/** Access tokens of traders, for the CMS API. */
export const TRADER_AUDIENCE = 'broker-cms:trader';
