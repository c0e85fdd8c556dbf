import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });

/** What the Admin sends (src/admin/webhooks/delivery.ts); extra fields are tolerated. */
export const AdminEventSchema = Type.Object({
  id: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 100 })]),
  type: Type.Union([Type.Literal('trader.approved'), Type.Literal('trader.rejected')]),
  created_at: Type.String(),
  data: Type.Object({
    trader_id: Uuid,
    external_ref: Uuid,
    status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('REJECTED')]),
    rejection_reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    api_key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  }),
});
export type AdminEvent = Static<typeof AdminEventSchema>;

export const WebhookAnswerSchema = Type.Object({
  received: Type.Boolean(),
  /** True when this event id was already processed; nothing was changed this time. */
  duplicate: Type.Boolean(),
});
