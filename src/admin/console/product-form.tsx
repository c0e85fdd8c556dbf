import { CsrfField, Field, FlashMessage, ProblemList } from '#shared/html/components.tsx';
import type { Problem } from '#shared/html/errors.ts';
import { type FormBody, text } from '#shared/html/forms.ts';
import { integerOrText } from '#shared/html/validate.ts';
import { fromCents, toCents } from '#shared/money.ts';
import type { Category } from '../catalog/schemas.ts';
import type { ConsoleView } from './web.ts';

export const CREATE_FIELDS = [
  'sku',
  'name',
  'price',
  'currency',
  'stock',
  'category_id',
  'description',
] as const;

/** Words for the schema's patterns, shown next to the field. */
export const PRODUCT_MESSAGES = {
  sku: 'use letters, digits, dots, dashes and underscores (up to 64), starting with a letter or digit',
  price: 'must be an amount like 19.90',
  currency: 'must be a three-letter code such as EUR',
  stock: 'must be a whole number from 0 to 1,000,000,000',
  set: 'must be a whole number from 0 to 1,000,000,000',
  category_id: 'must be one of the categories',
  name: 'must be 1 to 200 characters',
};

/** "19", "19.9" and "19,90" all mean 19.90; anything else stays as typed, for the schema to refuse. */
export function normalizePrice(value: string): string {
  return /^\d{1,10}([.,]\d{1,2})?$/.test(value)
    ? fromCents(toCents(value.replace(',', '.')))
    : value;
}

/** The create form's text, as the catalog's ProductCreateSchema expects it; blanks are left out. */
export function productInput(form: FormBody): Record<string, unknown> {
  const input: Record<string, unknown> = {
    sku: text(form, 'sku'),
    name: text(form, 'name'),
    price: normalizePrice(text(form, 'price')),
  };
  const currency = text(form, 'currency').toUpperCase();
  if (currency) input.currency = currency;
  if (text(form, 'stock')) input.stock = integerOrText(text(form, 'stock'));
  if (text(form, 'category_id')) input.category_id = integerOrText(text(form, 'category_id'));
  if (text(form, 'description')) input.description = text(form, 'description');
  return input;
}

export function ProductCreateForm(props: {
  view: ConsoleView;
  categories: readonly Category[];
  open: boolean;
  refused?: { values: Record<string, string>; problem: Problem };
}) {
  const values = props.refused?.values ?? {};
  const errors = props.refused?.problem.fields ?? {};
  return (
    <details class="panel" open={props.open}>
      <summary>New product</summary>
      {props.refused && (
        <FlashMessage flash={{ kind: 'error', text: props.refused.problem.message }}>
          <ProblemList problems={props.refused.problem.problems} />
        </FlashMessage>
      )}
      <form method="post" action="/products" class="grid-form">
        <CsrfField token={props.view.csrf} />
        <Field
          label="SKU"
          name="sku"
          value={values.sku}
          error={errors.sku}
          required
          maxLength={64}
        />
        <Field label="Name" name="name" value={values.name} error={errors.name} required />
        <Field
          label="Price"
          name="price"
          value={values.price}
          error={errors.price}
          hint="e.g. 19.90"
          inputMode="decimal"
          required
        />
        <Field
          label="Currency"
          name="currency"
          value={values.currency ?? 'EUR'}
          error={errors.currency}
          maxLength={3}
        />
        <Field
          label="Stock"
          name="stock"
          type="number"
          min={0}
          value={values.stock ?? '0'}
          error={errors.stock}
        />
        <div class="stack">
          <label for="field-category_id">Category</label>
          <select id="field-category_id" name="category_id">
            <option value="">No category</option>
            {props.categories.map((c) => (
              <option
                key={c.id}
                value={String(c.id)}
                selected={values.category_id === String(c.id)}
              >
                {c.name}
              </option>
            ))}
          </select>
          {errors.category_id && <span class="field-error">{errors.category_id}</span>}
        </div>
        <div class="stack wide">
          <label for="field-description">Description</label>
          <textarea id="field-description" name="description" maxLength={10000}>
            {values.description ?? ''}
          </textarea>
        </div>
        <div class="wide">
          <button type="submit" class="btn-primary">
            Create product
          </button>
        </div>
      </form>
    </details>
  );
}
