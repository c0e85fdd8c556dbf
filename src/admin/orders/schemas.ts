import { type Static, Type } from 'typebox';
import { CurrencySchema, MoneySchema } from '#shared/money.ts';
import { PageQuery, PageSchema } from '#shared/pagination.ts';

export const ORDER_STATUS = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export const OrderStatusSchema = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('CONFIRMED'),
  Type.Literal('SHIPPED'),
  Type.Literal('DELIVERED'),
  Type.Literal('CANCELLED'),
]);
export type OrderStatus = (typeof ORDER_STATUS)[number];

export const MAX_LINES = 100;
export const MAX_QUANTITY = 1000;

export const ShippingAddressSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postal_code: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const OrderCreateSchema = Type.Object(
  {
    customer_ref: Type.String({ minLength: 1, maxLength: 200 }),
    items: Type.Array(
      Type.Object(
        {
          product_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_LINES },
    ),
    shipping_address: ShippingAddressSchema,
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type OrderCreate = Static<typeof OrderCreateSchema>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 255,
    description: 'Unique per order attempt; repeating it replays the first answer.',
  }),
});

export const OrderItemSchema = Type.Object({
  product_id: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  unit_price: MoneySchema,
  quantity: Type.Integer(),
  line_total: MoneySchema,
});

export const OrderSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ examples: ['BRK-000042'] }),
  trader_id: Type.String({ format: 'uuid' }),
  customer_ref: Type.String(),
  status: OrderStatusSchema,
  items: Type.Array(OrderItemSchema),
  total: MoneySchema,
  currency: CurrencySchema,
  shipping_address: ShippingAddressSchema,
  note: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Order = Static<typeof OrderSchema>;
export const OrderPageSchema = PageSchema(OrderSchema);

// Ids beyond what a JS number holds exactly (and bigint stores) are a 422, not a failed query.
export const OrderIdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export const TraderOrderQuery = Type.Object(
  {
    updated_since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only orders changed at or after this instant (inclusive, so none is lost).',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const OperatorOrderQuery = Type.Object(
  {
    status: Type.Optional(OrderStatusSchema),
    trader_id: Type.Optional(Type.String({ format: 'uuid' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const TransitionSchema = Type.Object(
  { status: OrderStatusSchema },
  { additionalProperties: false },
);

/** 409 answer of an order that cannot be filled; stored and replayed, so its shape is fixed here. */
export const InsufficientStockSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ examples: ['insufficient_stock'] }),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(
        Type.Object({
          product_id: Type.Integer(),
          requested: Type.Integer(),
          available: Type.Integer(),
        }),
      ),
    ),
  }),
});
