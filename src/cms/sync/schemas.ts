import { Type } from 'typebox';
import { PageQuery, PageSchema } from '#shared/pagination.ts';

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const SyncQuery = Type.Object(
  {
    full: Type.Boolean({
      default: false,
      description: 'Read the whole catalog again instead of the changes since the last sync.',
    }),
  },
  { additionalProperties: false },
);

export const SyncHeaders = Type.Object({
  prefer: Type.Optional(
    Type.String({
      description: '`respond-async`: answer 202 at once and run in the background.',
      examples: ['respond-async'],
    }),
  ),
});

export const SyncRunSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  phase: Type.Union([Type.Literal('fetching'), Type.Literal('applying'), Type.Literal('done')], {
    description: 'Fetching pages from the Admin, then applying them in one transaction.',
  }),
  full: Type.Boolean({
    description: 'Whether the whole catalog was read (always for a first sync).',
  }),
  since: Nullable(Instant),
  processed: Count('Products handled so far in this phase; with `total`, a progress bar.'),
  total: Nullable(Count('Products this phase handles; null until the Admin has told.')),
  created: Count("Products new to this trader's catalog (they arrive hidden)."),
  updated: Count('Products whose central fields changed since this trader last synced.'),
  unchanged: Count(
    'Products read again with nothing new. A product the Admin withdrew before this trader ever ' +
      'had it is processed but counted in none of the four: it never joins the catalog.',
  ),
  withdrawn: Count('Products the Admin withdrew since this trader last synced.'),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  started_at: Instant,
  finished_at: Nullable(Instant),
  duration_ms: Nullable(Type.Integer({ minimum: 0 })),
});

/** What a finished sync answers: the run, with its id under the name the brief uses. */
export const SyncResultSchema = Type.Object({
  run_id: Type.String({ format: 'uuid' }),
  ...SyncRunSchema.properties,
});

export const SyncRunPageSchema = PageSchema(SyncRunSchema);
export const RunsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const RunParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
