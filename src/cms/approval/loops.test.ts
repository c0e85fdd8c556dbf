import { describe, expect, it } from 'vitest';
import { approve, register, traderState, useApprovalWorld } from './approval.test-helpers.ts';
import { startApprovalLoops } from './loops.ts';

const world = useApprovalWorld();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the background loops', () => {
  it('file the application and then pick up the approval on their own', async () => {
    const errors: unknown[] = [];
    const stop = startApprovalLoops(world.ctx, (error) => errors.push(error), {
      deliveryMs: 50,
      reconcileMs: 50,
    });
    try {
      const id = await register(world.cms);
      const filed = await until(
        () => traderState(world, id),
        (state) => state.admin_trader_id !== null,
      );
      if (!filed.admin_trader_id) throw new Error('the application was never filed');
      await approve(world, filed.admin_trader_id);
      const active = await until(
        () => traderState(world, id),
        (state) => state.status === 'ACTIVE',
      );
      expect(active.status).toBe('ACTIVE');
      expect(active.api_key_encrypted).not.toBeNull();
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
  });
});
