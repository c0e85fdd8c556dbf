/**
 * Starts the services: `tsx src/main.ts` runs all three in one process, `tsx src/main.ts cms` one.
 * Migrations are applied first; each service then listens on its port.
 */
import { type Config, ConfigError, loadConfig } from '#shared/config.ts';
import { type Databases, openDatabases } from '#shared/db/databases.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import type { MigrationSet } from '#shared/db/migration-files.ts';
import type { Listening } from '#shared/http/listen.ts';
import { onShutdown } from '#shared/shutdown.ts';

interface ServiceEntry {
  readonly label: string;
  readonly portVariable: 'ADMIN_PORT' | 'CMS_PORT' | 'SHOP_PORT';
  readonly migrationSet: MigrationSet;
  /** Loaded lazily, so the modules load while the database opens. */
  readonly load: () => Promise<{
    startServer: (config: Config, databases: Databases) => Promise<Listening>;
  }>;
}

const SERVICES = {
  admin: {
    label: 'Admin API',
    portVariable: 'ADMIN_PORT',
    migrationSet: 'admin',
    load: () => import('#admin/server.ts'),
  },
  cms: {
    label: 'Trader CMS',
    portVariable: 'CMS_PORT',
    migrationSet: 'app',
    load: () => import('#cms/server.ts'),
  },
  shop: {
    label: 'Customer Shop',
    portVariable: 'SHOP_PORT',
    migrationSet: 'app',
    load: () => import('#shop/server.ts'),
  },
} satisfies Record<string, ServiceEntry>;
type ServiceName = keyof typeof SERVICES;

function parseServices(argv: readonly string[]): ServiceName[] {
  if (argv.length === 0) return Object.keys(SERVICES) as ServiceName[];
  const unknown = argv.filter((name) => !(name in SERVICES));
  if (unknown.length > 0) {
    throw new Error(`Unknown service ${unknown.join(', ')}; choose from admin, cms, shop.`);
  }
  return [...new Set(argv)] as ServiceName[];
}

function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `embedded PostgreSQL (PGlite) in ${config.DATA_DIR}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const started = performance.now();
  const names = parseServices(argv);
  const config = loadConfig();
  const opening = openDatabases(config);
  // The service modules load while PGlite compiles and boots.
  const loading = Promise.all(
    names.map(async (name) => ({ name, ...(await SERVICES[name].load()) })),
  );
  loading.catch(() => {}); // awaited below; this only keeps a failed load from going unhandled early
  const databases = await opening;
  const running: Listening[] = [];
  onShutdown(async () => {
    await Promise.all(running.map(({ app }) => app.close()));
    await databases.close();
  });

  const sets = [...new Set(names.map((name) => SERVICES[name].migrationSet))];
  const applied = await migrateSets(databases, sets);
  const lines = [`Database: ${describeDatabase(config)}`];
  const notes: string[] = [];
  if (applied.length > 0) lines.push(`Migrations applied: ${applied.join(', ')}`);
  // Started side by side: each waits on its own database work, not on the others.
  const services = await Promise.all(
    (await loading).map(async ({ name, startServer }) => {
      const service: ServiceEntry = SERVICES[name];
      try {
        const listening = await startServer(config, databases);
        running.push(listening);
        return { service, listening };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(
            `${service.label}: port ${config[service.portVariable]} is taken; set ${service.portVariable} to another port.`,
          );
        }
        throw error;
      }
    }),
  );
  for (const { service, listening } of services) {
    lines.push(
      `${service.label.padEnd(14)} ${listening.url.padEnd(24)} docs ${listening.url}/api/docs`,
    );
    notes.push(...(listening.notes ?? []));
  }
  // The demo trader belongs to the embedded quick start, where all services share this process.
  const admin = services.find(({ service }) => service.label === SERVICES.admin.label);
  const cms = services.find(({ service }) => service.label === SERVICES.cms.label);
  if (!config.DATABASE_URL && admin && cms) {
    const { ensureDemoTrader } = await import('./demo-trader.ts');
    const urls = { admin: admin.listening.url, cms: cms.listening.url };
    notes.push(await ensureDemoTrader(config, urls, databases.app.db));
  }
  lines.push(
    '',
    ...notes,
    `Ready in ${Math.round(performance.now() - started)} ms. Press Ctrl-C to stop.`,
  );
  console.log(`\n${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error('The configuration is not valid:');
    for (const problem of error.problems) console.error(`  ${problem}`);
  } else {
    console.error(`Could not start: ${(error as Error).message}`);
  }
  process.exit(1);
});
