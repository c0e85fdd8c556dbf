import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '#shared/db/client.ts';
import { bearer, serviceToken } from '#test/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { adminCommands } from './commands.ts';

const ctx = useTestApp('admin');
const run = (name: string, ...args: string[]) =>
  (adminCommands[name] as (typeof adminCommands)[string]).run(
    args,
    testConfig(),
    ctx.databases.admin,
  );

async function apply(email: string) {
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/traders',
    headers: bearer(await serviceToken(ctx.app)),
    payload: { email, business_name: 'Corner Shop', external_ref: email },
  });
}

describe('npm run cli', () => {
  it('creates operators, lists, approves and rejects traders by e-mail, and seeds the demo', async () => {
    expect(await run('operator:create', 'Ops@Example.com', 'a long operator password')).toBe(
      'Created operator ops@example.com.',
    );
    await expect(
      run('operator:create', 'ops@example.com', 'a long operator password'),
    ).rejects.toThrow(/already exists/);

    await apply('one@example.com');
    await apply('two@example.com');
    expect(await run('traders:list', 'PENDING')).toMatch(/PENDING\s+(one|two)@example.com/);

    const approved = await run('traders:approve', 'ONE@example.com');
    expect(approved).toMatch(/^Approved one@example.com\. API key \(shown once\): bk_\S{32}$/);
    expect(await run('traders:reject', 'two@example.com', 'Incomplete', 'papers')).toBe(
      'Rejected two@example.com.',
    );
    const rows = await queryRows<{
      email: string;
      status: string;
      rejection_reason: string | null;
    }>(
      ctx.databases.admin.db,
      sql`select email, status, rejection_reason from admin.traders order by email`,
    );
    expect(rows).toEqual([
      { email: 'one@example.com', status: 'ACTIVE', rejection_reason: null },
      { email: 'two@example.com', status: 'REJECTED', rejection_reason: 'Incomplete papers' },
    ]);
    await expect(run('traders:approve', 'nobody@example.com')).rejects.toThrow(/not found/);

    expect(await run('demo:seed', 'http://localhost:8080')).toBe(
      'Seeded 12 categories and 200 products.',
    );
    expect(await run('demo:seed')).toMatch(/already has products/);
  });
});
