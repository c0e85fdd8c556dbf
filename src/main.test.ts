/**
 * Starts the real entry point as a child process on the embedded database, as `npm start` does, stops
 * it with SIGINT, and starts it again on the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usingPostgres } from '#test/database.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('Press Ctrl-C to stop.')) resolve({ child, output: () => text, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${text}`)));
  });
}

describe.skipIf(usingPostgres)('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broker-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves all three services, stops on SIGINT and starts again on the same data', async () => {
    const ports = {
      ADMIN_PORT: await freePort(),
      CMS_PORT: await freePort(),
      SHOP_PORT: await freePort(),
    };
    const env = {
      DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };

    const first = await start(env);
    expect(first.output()).toMatch(/Migrations applied: admin\/0000_init, .*app\/0000_init/);
    // The demo trader went through the real flow: registered, approved, ACTIVE in the CMS.
    const demo =
      /Demo trader: demo@example\.com \/ demo_password_123 \(ACTIVE; the approval reached the CMS in ([\d.]+) s\)/.exec(
        first.output(),
      );
    expect(demo, first.output()).not.toBeNull();
    expect(Number(demo?.[1])).toBeLessThan(5);
    // Its catalog was synced from the Admin's demo catalog and published, through the CMS API.
    expect(first.output()).toContain(
      'Its catalog: 200 products synced from the Admin, 200 published.',
    );
    for (const port of Object.values(ports)) {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
      const spec = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
      expect(((await spec.json()) as { openapi: string }).openapi).toBe('3.1.0');
    }
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = await start(env);
    try {
      expect(second.output()).not.toContain('Migrations applied');
      const ready = await fetch(`http://127.0.0.1:${ports.CMS_PORT}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  }, 60_000);

  it('refuses a bad configuration with one line per problem', async () => {
    await expect(
      start({ DATA_DIR: dataDir, CMS_PORT: '70000', LOG_LEVEL: 'loud' }),
    ).rejects.toThrow(/CMS_PORT: must be an integer between 1 and 65535/);
  });
});
