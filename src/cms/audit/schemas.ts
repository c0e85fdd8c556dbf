import { type Static, Type } from 'typebox';
import { PageQuery, PageSchema } from '#shared/pagination.ts';

const Filters = {
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  entity_type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  from: Type.Optional(
    Type.String({ format: 'date-time', description: 'From this time on (inclusive).' }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date-time', description: 'Before this time (exclusive).' }),
  ),
};

export const AuditQuery = Type.Object(
  { ...Filters, ...PageQuery },
  { additionalProperties: false },
);
export const AuditExportQuery = Type.Object(Filters, { additionalProperties: false });
export type AuditFilters = Static<typeof AuditExportQuery>;

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actor_type: Type.String(),
  actor_id: Type.Union([Type.String(), Type.Null()]),
  entity_type: Type.Union([Type.String(), Type.Null()]),
  entity_id: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  request_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;
export const AuditPageSchema = PageSchema(AuditEntrySchema);
