import { type Static, Type } from 'typebox';
import { CurrencySchema, MoneySchema } from '#shared/money.ts';
import { PageSchema } from '#shared/pagination.ts';

/**
 * The Admin API's answers as the CMS and the Shop read them. These are the consumer's view of the
 * contract, written here rather than imported from `src/admin`, so that the client works against any
 * Admin that keeps the contract. Objects allow extra fields: an upstream addition is not an outage.
 */
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const TokenSchema = Type.Object({
  access_token: Type.String({ minLength: 1 }),
  expires_in: Type.Integer({ minimum: 1 }),
});

export const TraderStatusSchema = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('ACTIVE'),
  Type.Literal('REJECTED'),
]);

export const ApplicationSchema = Type.Object(
  {
    email: Type.String(),
    business_name: Type.String(),
    external_ref: Type.String(),
  },
  { additionalProperties: false },
);
export type Application = Static<typeof ApplicationSchema>;

export const FiledApplicationSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  status: TraderStatusSchema,
});
export type FiledApplication = Static<typeof FiledApplicationSchema>;

export const TraderStatusAnswerSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  status: TraderStatusSchema,
  rejection_reason: NullableString,
  api_key: Type.Optional(Type.String({ minLength: 1 })),
});
export type TraderStatusAnswer = Static<typeof TraderStatusAnswerSchema>;

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  updated_at: Type.String(),
});
export type AdminCategory = Static<typeof CategorySchema>;
export const CategoryPageSchema = PageSchema(CategorySchema);

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  description: Type.String(),
  price: MoneySchema,
  currency: CurrencySchema,
  stock: Type.Integer({ minimum: 0 }),
  category_id: Type.Union([Type.Integer(), Type.Null()]),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  image_urls: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('withdrawn')]),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type AdminProduct = Static<typeof ProductSchema>;
export const ProductPageSchema = Type.Object({
  ...PageSchema(ProductSchema).properties,
  /** On the first page: how many changes the whole feed holds. */
  total: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type AdminProductPage = Static<typeof ProductPageSchema>;

export const StockSchema = Type.Object({
  product_id: Type.Integer(),
  stock: Type.Integer(),
  status: Type.Union([Type.Literal('active'), Type.Literal('withdrawn')]),
});
export type AdminStock = Static<typeof StockSchema>;
export const StockListSchema = Type.Object({ items: Type.Array(StockSchema) });

const AddressSchema = Type.Object({
  name: Type.String(),
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  postal_code: Type.String(),
  country: Type.String(),
  phone: Type.Optional(Type.String()),
});

export interface NewOrder {
  customer_ref: string;
  items: { product_id: number; quantity: number }[];
  shipping_address: Static<typeof AddressSchema>;
  note?: string;
}

export const OrderSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  trader_id: Type.String(),
  customer_ref: Type.String(),
  status: Type.Union([
    Type.Literal('PENDING'),
    Type.Literal('CONFIRMED'),
    Type.Literal('SHIPPED'),
    Type.Literal('DELIVERED'),
    Type.Literal('CANCELLED'),
  ]),
  items: Type.Array(
    Type.Object({
      product_id: Type.Integer(),
      sku: Type.String(),
      name: Type.String(),
      unit_price: MoneySchema,
      quantity: Type.Integer(),
      line_total: MoneySchema,
    }),
  ),
  total: MoneySchema,
  currency: CurrencySchema,
  shipping_address: AddressSchema,
  note: NullableString,
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type AdminOrder = Static<typeof OrderSchema>;
export const OrderPageSchema = PageSchema(OrderSchema);
export type AdminOrderPage = Static<typeof OrderPageSchema>;

export const ShortLineSchema = Type.Object({
  product_id: Type.Integer(),
  requested: Type.Integer(),
  available: Type.Integer(),
});
export type ShortLine = Static<typeof ShortLineSchema>;

export const InsufficientStockSchema = Type.Object({
  error: Type.Object({
    code: Type.Literal('insufficient_stock'),
    message: Type.String(),
    details: Type.Optional(Type.Array(ShortLineSchema)),
  }),
});

export type PlaceOrderResult =
  | { ok: true; order: AdminOrder; replayed: boolean }
  | { ok: false; reason: 'insufficient_stock'; details: ShortLine[] };
