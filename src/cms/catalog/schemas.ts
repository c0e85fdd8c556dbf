import { type Static, type TSchema, Type } from 'typebox';
import { CurrencySchema, MoneySchema } from '#shared/money.ts';
import { PageQuery, PageSchema } from '#shared/pagination.ts';
import { LocalImageSchema } from '../images/schemas.ts';

const ProductId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Int32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };
const POSITION_NOTE =
  'An opaque sort key: lower comes first. It may be negative and need not be consecutive ' +
  '(reordering moves products below the current first one instead of renumbering the catalog).';

export const ProductParams = Type.Object({ id: ProductId }, { additionalProperties: false });

export const SORTS = ['position', 'name', '-name', 'price', '-price', 'stock', '-stock'] as const;
export type ProductSort = (typeof SORTS)[number];

/**
 * A name cursor carries the name: up to 200 characters (the Admin's limit), at most 6 bytes each in
 * JSON (`\u0001`), base64 on top. PageQuery's 512 would refuse the cursors of long non-ASCII names.
 */
const MAX_CURSOR_LENGTH = 2048;

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Case-insensitive substring of the name or the SKU.',
      }),
    ),
    category_id: Type.Optional(ProductId),
    visibility: Type.Optional(Type.Boolean()),
    in_stock: Type.Optional(
      Type.Boolean({ description: 'true: stock above zero; false: out of stock.' }),
    ),
    status: Type.Union([Type.Literal('active'), Type.Literal('withdrawn'), Type.Literal('all')], {
      default: 'active',
      description: 'Products the Admin withdrew leave the default list.',
    }),
    sort: Type.Union(
      SORTS.map((sort) => Type.Literal(sort)),
      { default: 'position', description: 'A leading `-` sorts descending; ties go by id.' },
    ),
    ...PageQuery,
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_CURSOR_LENGTH })),
  },
  { additionalProperties: false },
);
export type ProductListFilters = Omit<Static<typeof ProductListQuery>, 'limit' | 'cursor'>;

const { limit: _limit, cursor: _cursor, ...exportFilters } = ProductListQuery.properties;
/** The list's filters and sort, for the CSV export of the whole filtered catalog. */
export const ProductExportQuery = Type.Object(exportFilters, { additionalProperties: false });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Text or null as one JSON Schema type (OpenAPI 3.1), so a bad value is one error, not three. */
const NullableText = (maxLength: number) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });

export const CategoryRefSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
});

/** A product of the trader's catalog: the central fields (read-only) merged with the trader's own. */
export const CatalogProductSchema = Type.Object({
  id: Type.Integer({ description: 'The product id (the same for every trader).' }),
  sku: Type.String(),
  name: Type.String(),
  description: Type.String({ description: 'The central description.' }),
  price: MoneySchema,
  currency: CurrencySchema,
  stock: Type.Integer(),
  category: Nullable(CategoryRefSchema),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  images: Type.Array(Type.String(), { description: 'The central images.' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('withdrawn')]),
  local_description: Nullable(Type.String()),
  local_images: Type.Array(LocalImageSchema),
  visibility: Type.Boolean({ description: 'Whether the shop shows the product.' }),
  position: Type.Integer({ description: POSITION_NOTE }),
  seo_title: Nullable(Type.String()),
  seo_description: Nullable(Type.String()),
  updated_at: Type.String({
    format: 'date-time',
    description: "When the trader's own fields last changed.",
  }),
});
export type CatalogProduct = Static<typeof CatalogProductSchema>;
export const CatalogPageSchema = PageSchema(CatalogProductSchema);

/** Central fields: they come from the Admin, and a PATCH naming one is refused (read_only_field). */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'sku',
  'name',
  'description',
  'price',
  'currency',
  'stock',
  'category',
  'category_id',
  'categories',
  'attributes',
  'images',
  'image_urls',
  'status',
]);

export const ProductPatchSchema = Type.Object(
  {
    local_description: Type.Optional(NullableText(5000)),
    visibility: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ ...Int32, description: POSITION_NOTE })),
    seo_title: Type.Optional(NullableText(200)),
    seo_description: Type.Optional(NullableText(500)),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      "Only the trader's own fields. Central fields (price, stock, name, …) are read-only: naming " +
      'one answers 422 `validation_failed` with a `read_only_field` detail for each.',
  },
);
export type ProductPatch = Static<typeof ProductPatchSchema>;
export type LocalField = keyof ProductPatch;

const ProductIds = (maxItems: number) =>
  Type.Array(ProductId, {
    minItems: 1,
    maxItems,
    description: 'Distinct product ids of your catalog; a repeated id is a 422.',
  });

export const BulkVisibilitySchema = Type.Object(
  { product_ids: ProductIds(500), visibility: Type.Boolean() },
  { additionalProperties: false },
);
export const BulkVisibilityResultSchema = Type.Object({
  updated: Type.Integer({ description: 'How many products actually changed visibility.' }),
});

export const ReorderSchema = Type.Object(
  { product_ids: ProductIds(1000) },
  {
    additionalProperties: false,
    description:
      'Puts these products first, in this order; the rest follow in their previous order. ' +
      POSITION_NOTE,
  },
);
export const ReorderResultSchema = Type.Object({
  reordered: Type.Integer({ description: 'How many products were moved to the front.' }),
});
