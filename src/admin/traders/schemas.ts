import { type Static, Type } from 'typebox';
import { PageQuery, PageSchema } from '#shared/pagination.ts';

export const TraderStatusSchema = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('ACTIVE'),
  Type.Literal('REJECTED'),
]);

export const TraderApplicationSchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    // The name is stored trimmed, so it needs two characters that are not spaces.
    business_name: Type.String({ minLength: 2, maxLength: 120, pattern: '\\S[\\s\\S]*\\S' }),
    external_ref: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "The applicant's id in the calling system; filing twice with it is harmless.",
    }),
  },
  { additionalProperties: false },
);
export type TraderApplication = Static<typeof TraderApplicationSchema>;

export const TraderIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const TraderSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  external_ref: Type.String(),
  email: Type.String(),
  business_name: Type.String(),
  status: TraderStatusSchema,
  rejection_reason: Type.Union([Type.String(), Type.Null()]),
  api_key_prefix: Type.Union([Type.String(), Type.Null()]),
  decided_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Trader = Static<typeof TraderSchema>;

export const TraderStatusResponseSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: TraderStatusSchema,
  rejection_reason: Type.Union([Type.String(), Type.Null()]),
  api_key: Type.Optional(
    Type.String({ description: 'Given once the trader is ACTIVE, until the CMS has fetched it.' }),
  ),
});

export const ApprovalSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Literal('ACTIVE'),
  api_key: Type.String({ description: 'Shown in full this once; only its hash is stored.' }),
});

export const RejectionSchema = Type.Object(
  // Stored trimmed and shown to the trader, so a blank reason is no reason.
  { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) },
  { additionalProperties: false },
);

export const TraderListQuery = Type.Object(
  { status: Type.Optional(TraderStatusSchema), ...PageQuery },
  { additionalProperties: false },
);
export const TraderPageSchema = PageSchema(TraderSchema);
