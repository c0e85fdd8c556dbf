import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '#shared/errors.ts';
import { describeError, type Problem } from '#shared/html/errors.ts';
import { asForm, type FormBody, text } from '#shared/html/forms.ts';
import { isHtmx, redirectAfterPost, sendFragment, sendPage } from '#shared/html/render.ts';
import { integerOrText, validateForm } from '#shared/html/validate.ts';
import type { Flash } from '#shared/session/flash.ts';
import {
  type Product,
  ProductCreateSchema,
  ProductPatchSchema,
  StockChangeSchema,
} from '../catalog/schemas.ts';
import * as catalog from '../catalog/service.ts';
import type { AdminContext } from '../context.ts';
import { queryOf, returnTo } from './actions.ts';
import { formatMoney, positiveId } from './format.ts';
import { CREATE_FIELDS, normalizePrice, PRODUCT_MESSAGES, productInput } from './product-form.tsx';
import { ProductRow, productRowId } from './product-row.tsx';
import { type ProductFilter, ProductsPage, type ProductsPageProps } from './products-view.tsx';
import type { ConsoleWeb } from './web.ts';

const PAGE_SIZE = 20;

function filterOf(query: Record<string, string>): ProductFilter {
  const status =
    query.status === 'active' || query.status === 'withdrawn' ? query.status : undefined;
  // PostgreSQL text cannot hold NUL, so an edited URL with one must not reach the query.
  const q = query.q?.replaceAll('\0', '').slice(0, 100);
  return { q: q || undefined, status, cursor: query.cursor || undefined };
}

/** "Stock must be a whole number from 0 to …": a row has room for one sentence about one field. */
function reasonOf(problem: Problem, label: string): string {
  const [field] = Object.values(problem.fields);
  return field ? `${label} ${field}.` : problem.message;
}

function productId(request: FastifyRequest): number {
  const id = positiveId((request.params as { id: string }).id);
  if (id === null) throw new NotFound('Product');
  return id;
}

/** An inline edit: the fields it changes, checked by the API's schema, and the sentence it earns. */
interface RowEdit {
  readonly field: 'price' | 'stock';
  readonly label: string;
  apply(ctx: AdminContext, id: number, form: FormBody): Promise<Product>;
  done(product: Product): string;
}

const EDITS: readonly RowEdit[] = [
  {
    field: 'price',
    label: 'Price',
    apply: (ctx, id, form) => {
      const patch = { price: normalizePrice(text(form, 'price')) };
      return catalog.updateProduct(
        ctx,
        id,
        validateForm(ProductPatchSchema, patch, PRODUCT_MESSAGES),
      );
    },
    done: (p) => `Price of ${p.name} is now ${formatMoney(p.price, p.currency)}.`,
  },
  {
    field: 'stock',
    label: 'Stock',
    apply: (ctx, id, form) => {
      const change = { set: integerOrText(text(form, 'stock')) };
      return catalog.setStock(ctx, id, validateForm(StockChangeSchema, change, PRODUCT_MESSAGES));
    },
    done: (p) => `Stock of ${p.name} is now ${p.stock}.`,
  },
];

export function productPages(app: FastifyInstance, ctx: AdminContext, web: ConsoleWeb): void {
  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    url: string,
    create?: ProductsPageProps['create'],
  ) => {
    const filter = filterOf(queryOf(url));
    const [page, categories] = await Promise.all([
      catalog.listProducts(ctx, { ...filter, limit: PAGE_SIZE }),
      catalog.listCategories(ctx),
    ]);
    const view = { ...web.view(request, reply), url };
    const props = { view, filter, categories: categories.items, ...(create ? { create } : {}) };
    const html = <ProductsPage {...props} items={page.items} nextCursor={page.next_cursor} />;
    return sendPage(reply, html, create ? create.problem.status : 200);
  };

  app.get('/products', (request, reply) => renderList(request, reply, request.url));

  app.post('/products', async (request, reply) => {
    const form = asForm(request.body);
    try {
      const input = validateForm(ProductCreateSchema, productInput(form), PRODUCT_MESSAGES);
      const product = await catalog.createProduct(ctx, input);
      web.flashes.set(reply, { kind: 'success', text: `Product ${product.sku} is created.` });
      return redirectAfterPost(reply, `/products#${productRowId(product.id)}`);
    } catch (error) {
      const problem = describeError(error);
      if (problem.status >= 500) throw error;
      // The form again, with what was typed and why it was refused.
      const values = Object.fromEntries(CREATE_FIELDS.map((name) => [name, text(form, name)]));
      return renderList(request, reply, '/products', { values, problem });
    }
  });

  for (const edit of EDITS) {
    app.post(`/products/:id/${edit.field}`, async (request, reply) => {
      const id = productId(request);
      const form = asForm(request.body);
      const back = returnTo(form, '/products');
      let product: Product;
      let note: Flash;
      let status = 200;
      try {
        product = await edit.apply(ctx, id, form);
        note = { kind: 'success', text: edit.done(product) };
      } catch (error) {
        const problem = describeError(error);
        if (problem.status >= 500) throw error;
        product = await catalog.getProduct(ctx, id);
        note = { kind: 'error', text: reasonOf(problem, edit.label) };
        status = problem.status;
      }
      if (!isHtmx(request)) {
        web.flashes.set(reply, note);
        return redirectAfterPost(reply, `${back}#${productRowId(id)}`);
      }
      const categories = (await catalog.listCategories(ctx)).items;
      const row = (
        <ProductRow
          product={product}
          categoryName={categories.find((c) => c.id === product.category_id)?.name}
          csrf={web.csrf(request)}
          returnTo={back}
          note={{ ...note, field: edit.field }}
          // A refused value stays in the input, to be corrected rather than typed again.
          {...(status === 200 ? {} : { typed: { [edit.field]: text(form, edit.field) } })}
        />
      );
      return sendFragment(reply, row, status);
    });
  }
}
