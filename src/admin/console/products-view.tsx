import { EmptyState, Pager } from '#shared/html/components.tsx';
import type { Problem } from '#shared/html/errors.ts';
import { withQuery } from '#shared/html/forms.ts';
import type { Category, Product } from '../catalog/schemas.ts';
import { ConsolePage } from './layout.tsx';
import { ProductCreateForm } from './product-form.tsx';
import { ProductRow } from './product-row.tsx';
import type { ConsoleView } from './web.ts';

export interface ProductFilter {
  readonly q: string | undefined;
  readonly status: 'active' | 'withdrawn' | undefined;
  readonly cursor: string | undefined;
}

export interface ProductsPageProps {
  readonly view: ConsoleView;
  readonly items: readonly Product[];
  readonly nextCursor: string | null;
  readonly filter: ProductFilter;
  readonly categories: readonly Category[];
  /** A create form that was refused: what was typed, and why. */
  readonly create?: { values: Record<string, string>; problem: Problem };
}

export function ProductsPage(props: ProductsPageProps) {
  const { view, filter } = props;
  const categoryNames = new Map(props.categories.map((c) => [c.id, c.name]));
  const searching = Boolean(filter.q || filter.status);
  return (
    <ConsolePage view={view} title="Products" section="/products">
      <h1>Products</h1>
      <ProductCreateForm
        view={view}
        categories={props.categories}
        open={Boolean(props.create) || (props.items.length === 0 && !searching)}
        {...(props.create ? { refused: props.create } : {})}
      />
      <search>
        <form method="get" action="/products" class="filters">
          <label for="product-q">Search</label>
          <input id="product-q" type="search" name="q" value={filter.q} maxLength={100} />
          <label for="product-status">Status</label>
          <select id="product-status" name="status">
            <option value="">Any</option>
            <option value="active" selected={filter.status === 'active'}>
              Active
            </option>
            <option value="withdrawn" selected={filter.status === 'withdrawn'}>
              Withdrawn
            </option>
          </select>
          <button type="submit">Search</button>
          {searching && <a href="/products">Clear</a>}
        </form>
      </search>
      {props.items.length === 0 ? (
        <div class="panel">
          <EmptyState title={searching ? 'No product matches.' : 'The catalog is empty.'}>
            <p>
              {searching
                ? 'Try fewer letters, or part of the SKU.'
                : 'Create the first product with the form above.'}
            </p>
          </EmptyState>
        </div>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Products, newest first</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Name</th>
                <th scope="col">Price</th>
                <th scope="col">Stock</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((product) => (
                <ProductRow
                  key={product.id}
                  product={product}
                  categoryName={
                    product.category_id === null
                      ? undefined
                      : categoryNames.get(product.category_id)
                  }
                  csrf={view.csrf}
                  returnTo={view.url}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        firstHref={
          filter.cursor ? withQuery('/products', { ...filter, cursor: undefined }) : undefined
        }
        nextHref={
          props.nextCursor
            ? withQuery('/products', { ...filter, cursor: props.nextCursor })
            : undefined
        }
      />
    </ConsolePage>
  );
}
