import type { ComponentChildren } from 'preact';
import { Badge } from '#shared/html/components.tsx';
import type { Flash } from '#shared/session/flash.ts';
import type { Product } from '../catalog/schemas.ts';
import { RowForm, RowNote } from './row-form.tsx';

export interface ProductRowProps {
  readonly product: Product;
  readonly categoryName: string | undefined;
  readonly csrf: string;
  readonly returnTo: string;
  /** The outcome of an inline edit, shown in the row that htmx swapped in. */
  readonly note?: Flash & { field: 'price' | 'stock' };
  /** What the operator typed, kept when it was refused so it can be corrected. */
  readonly typed?: { price?: string; stock?: string };
}

export const productRowId = (id: number) => `product-${id}`;

/**
 * One catalog row with its two inline edit forms. Without JavaScript each form posts and comes back
 * to the list; with htmx the same form swaps only this row.
 */
export function ProductRow(props: ProductRowProps) {
  const { product, note } = props;
  const rowClass = note ? (note.kind === 'error' ? 'row-error' : 'row-saved') : undefined;
  return (
    <tr id={productRowId(product.id)} class={rowClass}>
      <td class="mono">{product.sku}</td>
      <td>
        {product.name}
        <span class="sub">{props.categoryName ?? 'No category'}</span>
      </td>
      <td>
        <InlineForm {...props} field="price" label={`Price of ${product.name}`}>
          <input
            id={`price-${product.id}`}
            name="price"
            value={props.typed?.price ?? product.price}
            inputMode="decimal"
            size={9}
            required
            aria-invalid={note?.field === 'price' && note.kind === 'error' ? 'true' : undefined}
          />
          <span class="hint">{product.currency}</span>
        </InlineForm>
      </td>
      <td>
        <InlineForm {...props} field="stock" label={`Stock of ${product.name}`}>
          <input
            id={`stock-${product.id}`}
            name="stock"
            type="number"
            min={0}
            step={1}
            value={props.typed?.stock ?? String(product.stock)}
            required
            aria-invalid={note?.field === 'stock' && note.kind === 'error' ? 'true' : undefined}
          />
        </InlineForm>
      </td>
      <td>
        <Badge status={product.status} />
      </td>
    </tr>
  );
}

function InlineForm(
  props: ProductRowProps & { field: 'price' | 'stock'; label: string; children: ComponentChildren },
) {
  const action = `/products/${props.product.id}/${props.field}`;
  const note = props.note?.field === props.field ? props.note : undefined;
  return (
    <RowForm
      action={action}
      csrf={props.csrf}
      returnTo={props.returnTo}
      label={props.label}
      inputId={`${props.field}-${props.product.id}`}
    >
      {props.children}
      {/* An id lets htmx give the focus back to the button after it swapped the row. */}
      <button
        type="submit"
        id={`save-${props.field}-${props.product.id}`}
        aria-label={`Save ${props.label.toLowerCase()}`}
      >
        Save
      </button>
      <RowNote note={note} />
    </RowForm>
  );
}
