import { type Static, Type } from 'typebox';
import { CurrencySchema, MoneySchema } from '#shared/money.ts';
import { DEFAULT_LIMIT, PageQuery, PageSchema } from '#shared/pagination.ts';

/** Stays well inside PostgreSQL's integer, so `stock + adjust` can be checked before it is stored. */
export const MAX_STOCK = 1_000_000_000;
export const MAX_STOCK_IDS = 100;
/** Largest page of the traders' sync feed (`GET /products`). */
export const MAX_FEED_LIMIT = 1000;

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Timestamp = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 });
const Position = Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 });

// SKUs appear in image URLs (/media/products/<sku>.svg), so they stay URL-safe.
export const SkuSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
export const ProductStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('withdrawn')]);

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Category = Static<typeof CategorySchema>;
// Categories are few, so the list comes whole; next_cursor is always null but keeps the list shape.
export const CategoryListSchema = PageSchema(CategorySchema);

export const CategoryCreateSchema = Type.Object(
  {
    name: Text(120),
    slug: Type.Optional(Slug),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreateSchema>;

export const CategoryPatchSchema = Type.Object(
  { name: Type.Optional(Text(120)), slug: Type.Optional(Slug), position: Type.Optional(Position) },
  { additionalProperties: false, minProperties: 1 },
);
export type CategoryPatch = Static<typeof CategoryPatchSchema>;

const AttributesSchema = Type.Object(
  {},
  { additionalProperties: true, maxProperties: 50, description: 'Free-form product attributes.' },
);

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  description: Type.String(),
  price: MoneySchema,
  currency: CurrencySchema,
  stock: Type.Integer({ minimum: 0 }),
  category_id: Type.Union([Type.Integer(), Type.Null()]),
  attributes: AttributesSchema,
  image_urls: Type.Array(Type.String()),
  status: ProductStatusSchema,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Product = Static<typeof ProductSchema>;
export const ProductPageSchema = PageSchema(ProductSchema);
export type ProductPage = Static<typeof ProductPageSchema>;

/** The sync feed's page; its first page also tells how many changes there are, for progress. */
export const ProductChangesPageSchema = Type.Object({
  ...ProductPageSchema.properties,
  total: Type.Optional(
    Type.Integer({
      description:
        "On the first page only (no cursor): how many products match, to show a sync's progress.",
    }),
  ),
});
export type ProductChangesPage = Static<typeof ProductChangesPageSchema>;

/** The fields an operator may write; sku only at creation, status only through withdraw/restore. */
const editable = {
  name: Text(200),
  description: Type.String({ maxLength: 10_000 }),
  price: MoneySchema,
  currency: CurrencySchema,
  stock: Type.Integer({ minimum: 0, maximum: MAX_STOCK }),
  category_id: Type.Union([Id, Type.Null()]),
  attributes: AttributesSchema,
  // Only web URLs: the CMS and the Shop put these in pages, where javascript: or data: would be XSS.
  image_urls: Type.Array(
    Type.String({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000 }),
    { maxItems: 20 },
  ),
};

export const ProductCreateSchema = Type.Object(
  {
    sku: SkuSchema,
    name: editable.name,
    price: editable.price,
    description: Type.Optional(editable.description),
    currency: Type.Optional(editable.currency),
    stock: Type.Optional(editable.stock),
    category_id: Type.Optional(editable.category_id),
    attributes: Type.Optional(editable.attributes),
    image_urls: Type.Optional(editable.image_urls),
  },
  { additionalProperties: false },
);
export type ProductCreate = Static<typeof ProductCreateSchema>;

export const ProductPatchSchema = Type.Object(
  {
    name: Type.Optional(editable.name),
    price: Type.Optional(editable.price),
    description: Type.Optional(editable.description),
    currency: Type.Optional(editable.currency),
    stock: Type.Optional(editable.stock),
    category_id: Type.Optional(editable.category_id),
    attributes: Type.Optional(editable.attributes),
    image_urls: Type.Optional(editable.image_urls),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProductPatch = Static<typeof ProductPatchSchema>;

export const StockChangeSchema = Type.Object(
  {
    set: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STOCK })),
    adjust: Type.Optional(Type.Integer({ minimum: -MAX_STOCK, maximum: MAX_STOCK })),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of `set` (the new stock) or `adjust` (added to it; negative takes).',
  },
);
export type StockChange = Static<typeof StockChangeSchema>;

export const IdParams = Type.Object({ id: Id });

export const OperatorProductQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'In name or sku.' })),
    status: Type.Optional(ProductStatusSchema),
    category_id: Type.Optional(Id),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OperatorProductQuery = Static<typeof OperatorProductQuery>;

export const ProductChangesQuery = Type.Object(
  {
    updated_since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only products changed at or after this instant (inclusive, so none is lost).',
      }),
    ),
    ...PageQuery,
    // A machine feed: larger pages than a list for people, so a sync makes fewer round trips.
    limit: Type.Integer({ minimum: 1, maximum: MAX_FEED_LIMIT, default: DEFAULT_LIMIT }),
  },
  { additionalProperties: false },
);
export type ProductChangesQuery = Static<typeof ProductChangesQuery>;

export const StockQuery = Type.Object(
  {
    ids: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: `Comma-separated product ids, at most ${MAX_STOCK_IDS}.`,
      examples: ['1,2,3'],
    }),
  },
  { additionalProperties: false },
);

export const StockListSchema = Type.Object({
  items: Type.Array(
    Type.Object({ product_id: Type.Integer(), stock: Type.Integer(), status: ProductStatusSchema }),
  ),
});
export type StockList = Static<typeof StockListSchema>;

/** Documents the trader's key; the guard checks it, so a missing one is a 401, not a 422. */
export const TraderHeaders = Type.Object({
  'x-api-key': Type.Optional(Type.String({ description: "The trader's API key." })),
});
