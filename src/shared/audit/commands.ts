import type { Config } from '#shared/config.ts';
import type { Database } from '#shared/db/client.ts';
import { verifyChains } from './verify.ts';

/** `npm run cli -- audit:verify`: exits 1, naming each broken link, when a chain does not hold. */
export const auditCommands = {
  'audit:verify': {
    usage: 'audit:verify',
    database: 'app',
    run: async (_args: string[], _config: Config, database: Database): Promise<string> => {
      const { rows, broken } = await verifyChains(database.db);
      if (broken.length === 0) return `All ${rows} audit rows verified.`;
      const lines = broken.map(
        (link) => `  row ${link.id} (trader ${link.trader_id ?? 'none'}): ${link.reason}`,
      );
      throw new Error(
        `${broken.length} broken link(s) in ${rows} audit rows:\n${lines.join('\n')}`,
      );
    },
  },
} as const;
