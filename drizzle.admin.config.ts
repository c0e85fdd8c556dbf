import { defineConfig } from 'drizzle-kit';

// The `out` override lets the drift check generate into a scratch copy.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/shared/db/schema/admin.ts',
  out: process.env.DRIZZLE_OUT ?? './drizzle/admin',
  schemaFilter: ['admin'],
});
