import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import {
  aesKey,
  email,
  type Field,
  int,
  list,
  oneOf,
  port,
  requiredUrl,
  secret,
  str,
  url,
} from './config-fields.ts';

/**
 * Development defaults for the secrets. They let `npm start` work on a fresh clone, and production
 * refuses every one of them (see `productionProblems`).
 */
export const DEV_SECRETS = {
  JWT_SECRET_KEY: 'dev-only-jwt-secret-do-not-use-in-production',
  SESSION_SECRET_KEY: 'dev-only-session-secret-do-not-use-in-production',
  WEBHOOK_SECRET: 'dev-only-webhook-secret-do-not-use-in-production',
  DATA_ENCRYPTION_KEY: '6465762d6f6e6c792d646174612d6b65792d6e6f742d666f722d70726f642121',
  ADMIN_CLIENT_SECRET: 'dev-only-admin-client-secret-do-not-use-in-production',
  ADMIN_OPERATOR_PASSWORD: 'operator_password_123',
} as const;

const DB_PROTOCOLS = ['postgres:', 'postgresql:'] as const;
const HTTP_PROTOCOLS = ['http:', 'https:'] as const;

/** Every variable the system reads, with its type, default and rule. */
const fields = {
  NODE_ENV: oneOf('development', ['development', 'test', 'production']),
  HOST: str('127.0.0.1'),
  ADMIN_PORT: port(8080),
  CMS_PORT: port(8000),
  SHOP_PORT: port(8001),
  LOG_LEVEL: oneOf('info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  DATABASE_URL: url(undefined, DB_PROTOCOLS),
  ADMIN_DATABASE_URL: url(undefined, DB_PROTOCOLS),
  DATABASE_POOL_SIZE: int(10, 1, 500),
  DATA_DIR: str('./data'),
  ADMIN_API_BASE_URL: requiredUrl('http://localhost:8080/api/v1', HTTP_PROTOCOLS),
  ADMIN_CLIENT_ID: str('broker-cms'),
  ADMIN_CLIENT_SECRET: secret(DEV_SECRETS.ADMIN_CLIENT_SECRET),
  ADMIN_OPERATOR_EMAIL: email('operator@example.com'),
  ADMIN_OPERATOR_PASSWORD: secret(DEV_SECRETS.ADMIN_OPERATOR_PASSWORD, 12),
  CMS_WEBHOOK_URL: requiredUrl('http://localhost:8000/api/v1/webhooks/admin', HTTP_PROTOCOLS),
  JWT_SECRET_KEY: secret(DEV_SECRETS.JWT_SECRET_KEY),
  JWT_ALGORITHM: oneOf('HS256', ['HS256', 'HS384', 'HS512']),
  ACCESS_TOKEN_EXPIRE_MINUTES: int(30, 1, 24 * 60),
  REFRESH_TOKEN_EXPIRE_DAYS: int(7, 1, 365),
  SESSION_SECRET_KEY: secret(DEV_SECRETS.SESSION_SECRET_KEY),
  WEBHOOK_SECRET: secret(DEV_SECRETS.WEBHOOK_SECRET),
  DATA_ENCRYPTION_KEY: aesKey(DEV_SECRETS.DATA_ENCRYPTION_KEY),
  MAX_IMAGE_SIZE_MB: int(5, 1, 100),
  UPLOAD_DIR: str('static/uploads'),
  CORS_ORIGINS: list([]),
  REDIS_URL: url(undefined, ['redis:', 'rediss:']),
} satisfies Record<string, Field<unknown>>;

type Fields = typeof fields;
export type Config = Readonly<{
  [K in keyof Fields]: Fields[K] extends Field<infer T> ? T : never;
}>;
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads `.env` (if present) under the real environment, which wins, and validates both once. */
export function loadConfig(env: Env = process.env, dotenvPath = '.env'): Config {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  return parseConfig({ ...fromFile, ...env });
}

/** Validates a set of variables into a frozen config, or throws one line per problem. */
export function parseConfig(env: Env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields) as [string, Field<unknown>][]) {
    const result = field(env[name]);
    if (result.ok) values[name] = result.value;
    else problems.push(`${name}: ${result.problem}`);
  }
  // Unset, the services find each other on the configured ports of this machine.
  if (!env.ADMIN_API_BASE_URL) {
    values.ADMIN_API_BASE_URL = `http://localhost:${values.ADMIN_PORT}/api/v1`;
  }
  if (!env.CMS_WEBHOOK_URL) {
    values.CMS_WEBHOOK_URL = `http://localhost:${values.CMS_PORT}/api/v1/webhooks/admin`;
  }
  if (problems.length === 0 && values.NODE_ENV === 'production') {
    problems.push(...productionProblems(env));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as Config;
}

function productionProblems(env: Env): string[] {
  return (Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]).flatMap((name) => {
    const value = env[name];
    if (value === undefined || value === '') return [`${name}: must be set in production`];
    if (value === DEV_SECRETS[name]) {
      return [`${name}: must not be the development default in production`];
    }
    return [];
  });
}
