import { NotFound, ValidationFailed } from '#shared/errors.ts';
import { type CatalogContext, presentCategory } from './present.ts';
import * as queries from './queries.ts';
import type { Category, CategoryCreate, CategoryPatch } from './schemas.ts';
import { translateViolations } from './violations.ts';

/** All categories in display order; they are few, so the list comes whole (next_cursor is null). */
export async function listCategories(
  ctx: CatalogContext,
): Promise<{ items: Category[]; next_cursor: null }> {
  const rows = await queries.listCategories(ctx.db);
  return { items: rows.map(presentCategory), next_cursor: null };
}

export async function createCategory(
  ctx: CatalogContext,
  input: CategoryCreate,
): Promise<Category> {
  const name = input.name.trim();
  const slug = input.slug ?? slugify(name);
  if (slug === '') {
    throw new ValidationFailed([
      {
        field: 'slug',
        location: 'body',
        code: 'required',
        message: 'is required when the name gives no letters or digits to make one from',
      },
    ]);
  }
  const row = await translateViolations(() =>
    queries.insertCategory(ctx.db, { name, slug, position: input.position ?? 0 }),
  );
  return presentCategory(row);
}

export async function updateCategory(
  ctx: CatalogContext,
  id: number,
  patch: CategoryPatch,
): Promise<Category> {
  const row = await translateViolations(() =>
    queries.updateCategory(ctx.db, id, {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
    }),
  );
  if (!row) throw new NotFound('Category');
  return presentCategory(row);
}

/** "Küche & Haus" → "kuche-haus": the slug a name suggests. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
