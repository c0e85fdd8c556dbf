import { Conflict, ValidationFailed } from '#shared/errors.ts';
import { violatedConstraint } from './queries.ts';

/**
 * The database is the judge of uniqueness and of category references (a check before the write
 * would race); its verdicts become the answers the API promises.
 */
export async function translateViolations<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    switch (violatedConstraint(error)) {
      case 'products_sku_key':
        throw new Conflict('duplicate_sku', 'A product with this SKU already exists.', [
          { field: 'sku', code: 'duplicate', message: 'is already taken' },
        ]);
      case 'categories_slug_key':
        throw new Conflict('duplicate_slug', 'A category with this slug already exists.', [
          { field: 'slug', code: 'duplicate', message: 'is already taken' },
        ]);
      case 'products_category_id_categories_id_fk':
        throw new ValidationFailed([
          {
            field: 'category_id',
            location: 'body',
            code: 'unknown_category',
            message: 'is not an existing category',
          },
        ]);
      default:
        throw error;
    }
  }
}
