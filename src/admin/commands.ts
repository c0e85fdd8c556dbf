import type { Config } from '#shared/config.ts';
import type { Database } from '#shared/db/client.ts';
import { adminContext } from './app.ts';
import { createOperator } from './auth/service.ts';
import { seedDemoCatalog } from './demo/seed.ts';
import { approveTrader, findTraderByEmail, listTraders, rejectTrader } from './traders/service.ts';

export interface Command {
  readonly usage: string;
  readonly run: (args: string[], config: Config, db: Database) => Promise<string>;
}

/** Operator commands of `npm run cli`, over the same services the API uses. */
export const adminCommands: Record<string, Command> = {
  'operator:create': {
    usage: 'operator:create <email> <password>',
    run: async ([email, password], config, db) => {
      if (!email || !password) throw new Error('give an e-mail and a password');
      const operator = await createOperator(adminContext(config, { db }).db, email, password);
      return `Created operator ${operator.email}.`;
    },
  },
  'traders:list': {
    usage: 'traders:list [PENDING|ACTIVE|REJECTED]',
    run: async ([status], config, db) => {
      const ctx = adminContext(config, { db });
      const lines: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTraders(ctx, { status: status as never, limit: 100, cursor });
        lines.push(
          ...page.items.map(
            (t) => `${t.status.padEnd(9)} ${t.email.padEnd(32)} ${t.business_name}  (${t.id})`,
          ),
        );
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return lines.length > 0 ? lines.join('\n') : 'No traders.';
    },
  },
  'traders:approve': {
    usage: 'traders:approve <email>',
    run: async ([email], config, db) => {
      const ctx = adminContext(config, { db });
      const trader = await findTraderByEmail(ctx, email ?? '');
      const approved = await approveTrader(ctx, trader.id);
      return `Approved ${trader.email}. API key (shown once): ${approved.api_key}`;
    },
  },
  'traders:reject': {
    usage: 'traders:reject <email> <reason…>',
    run: async ([email, ...reason], config, db) => {
      if (reason.length === 0) throw new Error('give a reason');
      const ctx = adminContext(config, { db });
      const trader = await findTraderByEmail(ctx, email ?? '');
      await rejectTrader(ctx, trader.id, reason.join(' '));
      return `Rejected ${trader.email}.`;
    },
  },
  'demo:seed': {
    usage: 'demo:seed [public base URL of the Admin, default http://localhost:ADMIN_PORT]',
    run: async ([baseUrl], config, db) => {
      const seeded = await seedDemoCatalog(
        db.db,
        baseUrl ?? `http://localhost:${config.ADMIN_PORT}`,
      );
      return seeded
        ? `Seeded ${seeded.categories} categories and ${seeded.products} products.`
        : 'The catalog already has products; nothing seeded.';
    },
  },
};
