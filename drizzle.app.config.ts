import { defineConfig } from 'drizzle-kit';

// The `out` override lets the drift check generate into a scratch copy.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/shared/db/schema/app.ts',
  out: process.env.DRIZZLE_OUT ?? './drizzle/app',
  schemaFilter: ['public'],
});
