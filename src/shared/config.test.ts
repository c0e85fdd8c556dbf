import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SECRETS, loadConfig, parseConfig } from './config.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const productionSecrets = {
  JWT_SECRET_KEY: 'j'.repeat(40),
  SESSION_SECRET_KEY: 's'.repeat(40),
  WEBHOOK_SECRET: 'w'.repeat(40),
  DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
  ADMIN_CLIENT_SECRET: 'c'.repeat(40),
  ADMIN_OPERATOR_PASSWORD: 'a long operator passphrase',
};

describe('config', () => {
  it('gives a working development setup with no variables at all', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      ADMIN_PORT: 8080,
      CMS_PORT: 8000,
      SHOP_PORT: 8001,
      DATABASE_URL: undefined,
      DATA_DIR: './data',
      ADMIN_API_BASE_URL: 'http://localhost:8080/api/v1',
      JWT_ALGORITHM: 'HS256',
      ACCESS_TOKEN_EXPIRE_MINUTES: 30,
      REFRESH_TOKEN_EXPIRE_DAYS: 7,
      MAX_IMAGE_SIZE_MB: 5,
      UPLOAD_DIR: 'static/uploads',
      CORS_ORIGINS: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses typed values', () => {
    const config = parseConfig({
      CMS_PORT: '9000',
      CORS_ORIGINS: 'http://a.test, http://b.test',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config.CMS_PORT).toBe(9000);
    expect(config.CORS_ORIGINS).toEqual(['http://a.test', 'http://b.test']);
    expect(config.DATABASE_URL).toBe('postgres://u@h/db');
  });

  it('names each bad value on a line of its own', () => {
    expect(
      problemsOf({
        CMS_PORT: '70000',
        SHOP_PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      }),
    ).toEqual([
      'CMS_PORT: must be an integer between 1 and 65535',
      'SHOP_PORT: must be an integer between 1 and 65535',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      'DATABASE_URL: must be a URL starting with postgres:// or postgresql://',
    ]);
    expect(problemsOf({ JWT_SECRET_KEY: 'short', DATA_ENCRYPTION_KEY: 'abc' })).toEqual([
      'JWT_SECRET_KEY: must be at least 32 characters long',
      'DATA_ENCRYPTION_KEY: must be 32 bytes, written as 64 hex characters or as base64',
    ]);
  });

  it('refuses missing or development secrets in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      ...productionSecrets,
      JWT_SECRET_KEY: DEV_SECRETS.JWT_SECRET_KEY,
      WEBHOOK_SECRET: '',
      ADMIN_CLIENT_SECRET: '',
    });
    expect(problems).toEqual([
      'JWT_SECRET_KEY: must not be the development default in production',
      'WEBHOOK_SECRET: must be set in production',
      'ADMIN_CLIENT_SECRET: must be set in production',
    ]);
    expect(problemsOf({ NODE_ENV: 'production' })).toHaveLength(6);
  });

  it('starts in production with real secrets', () => {
    const config = parseConfig({ NODE_ENV: 'production', ...productionSecrets });
    expect(config.NODE_ENV).toBe('production');
    expect(config.JWT_SECRET_KEY).toBe(productionSecrets.JWT_SECRET_KEY);
  });

  it('reads .env, with the real environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broker-config-'));
    const path = join(dir, '.env');
    writeFileSync(path, 'CMS_PORT=8100\nSHOP_PORT=8101\n');
    const config = loadConfig({ SHOP_PORT: '8200' }, path);
    expect(config.CMS_PORT).toBe(8100);
    expect(config.SHOP_PORT).toBe(8200);
    expect(loadConfig({}, join(dir, 'missing.env')).CMS_PORT).toBe(8000);
  });
});

describe('service addresses', () => {
  it('follow the configured ports unless given', () => {
    const config = parseConfig({ ADMIN_PORT: '9080', CMS_PORT: '9000' });
    expect(config.ADMIN_API_BASE_URL).toBe('http://localhost:9080/api/v1');
    expect(config.CMS_WEBHOOK_URL).toBe('http://localhost:9000/api/v1/webhooks/admin');
    const given = parseConfig({ ADMIN_API_BASE_URL: 'https://admin.example.com/api/v1' });
    expect(given.ADMIN_API_BASE_URL).toBe('https://admin.example.com/api/v1');
  });
});
