/**
 * The failed-login limit with REDIS_URL: two app instances (two replicas) share one count. Runs where
 * a Redis server answers on 127.0.0.1:6379, as on the CI machines.
 */
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#cms/app.ts';
import { testConfig } from '#test/app.ts';
import { resetDatabase, workerDatabases } from '#test/database.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

const redisAnswers = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: 6379 });
  socket.once('connect', () => {
    socket.end();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

describe.skipIf(!redisAnswers)('failed logins on Redis', () => {
  it('are counted across replicas', async () => {
    const databases = await workerDatabases();
    await resetDatabase(databases.app);
    const config = testConfig({ REDIS_URL });
    // Redis keeps counts between runs for the whole window: start these addresses from zero.
    const redis = new Redis(REDIS_URL);
    const stale = await redis.keys('broker-login-cms-*ip:198.18.*');
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
    // A fresh e-mail each run, for the same reason.
    const email = `${randomUUID()}@example.com`;
    const statuses: number[] = [];
    for (const replica of [0, 1]) {
      const app = await buildApp(config, { db: databases.app });
      try {
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const response = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email, password: 'not-the-password' },
            remoteAddress: `198.18.${replica}.${attempt + 1}`,
          });
          statuses.push(response.statusCode);
        }
      } finally {
        await app.close();
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
