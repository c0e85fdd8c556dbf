import { fromCents } from '#shared/money.ts';
import {
  DEMO_BRANDS,
  DEMO_CATEGORIES,
  DEMO_CLOSINGS,
  DEMO_COLOURS,
  type DemoCategoryData,
} from './catalog-data.ts';

export const DEMO_PRODUCT_COUNT = 200;
// The catalog is a pure function of this seed and the word lists: same input, same catalog.
const SEED = 0x5eed_ca7a;

export interface DemoCategory {
  readonly slug: string;
  readonly name: string;
  readonly position: number;
}

export interface DemoProduct {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly price: string;
  readonly currency: string;
  readonly stock: number;
  readonly categorySlug: string;
  readonly attributes: Record<string, string>;
  readonly imageUrls: string[];
}

/** mulberry32: tiny, fast and identical on every machine, unlike Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function buildDemoCatalog(publicBaseUrl: string): {
  categories: DemoCategory[];
  products: DemoProduct[];
} {
  const random = seededRandom(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const mediaBase = `${publicBaseUrl.replace(/\/+$/, '')}/media/products`;
  const names = new Set<string>();
  const perCategory = Math.floor(DEMO_PRODUCT_COUNT / DEMO_CATEGORIES.length);
  const remainder = DEMO_PRODUCT_COUNT % DEMO_CATEGORIES.length;

  const products = DEMO_CATEGORIES.flatMap((category, index) => {
    const brands = [pick(DEMO_BRANDS), pick(DEMO_BRANDS), pick(DEMO_BRANDS)];
    const count = perCategory + (index < remainder ? 1 : 0);
    return Array.from({ length: count }, (_, n): DemoProduct => {
      const variant = pick(category.variants);
      let name: string;
      do name = productName(category, pick(category.adjectives), variant, pick(category.nouns));
      while (names.has(name));
      names.add(name);
      const brand = pick(brands);
      const sku = `${category.code}-${String(n + 1).padStart(4, '0')}`;
      return {
        sku,
        name,
        description: `${pick(category.blurbs)} Part of the ${brand} ${category.name.toLowerCase()} range. ${pick(DEMO_CLOSINGS)}`,
        price: fromCents(priceCents(category.price, random(), pick([90, 95, 99, 50, 0]))),
        currency: 'EUR',
        stock: stockLevel(random(), between),
        categorySlug: category.slug,
        attributes: { brand, colour: pick(DEMO_COLOURS), [category.variantKey]: variant },
        imageUrls: [`${mediaBase}/${sku}.svg`],
      };
    });
  });
  const categories = DEMO_CATEGORIES.map(({ slug, name }, index) => ({
    slug,
    name,
    position: (index + 1) * 10,
  }));
  return { categories, products };
}

/** "Classic Oak Cutting Board", but "Gentle Hand Cream, Lavender" where the variant is no material. */
function productName(category: DemoCategoryData, adjective: string, variant: string, noun: string) {
  return category.variantKey === 'material'
    ? `${adjective} ${variant} ${noun}`
    : `${adjective} ${noun}, ${variant}`;
}

/** Skewed towards the cheap end, as real catalogs are, and kept inside the category's range. */
function priceCents([min, max]: readonly [number, number], roll: number, cents: number): number {
  const euros = min + Math.floor(roll * roll * (max - min + 1));
  return Math.min(Math.max(euros * 100 + cents, min * 100 + 90), max * 100);
}

/** One in ten sold out, a few nearly so, the rest 5–200. */
function stockLevel(roll: number, between: (min: number, max: number) => number): number {
  if (roll < 0.1) return 0;
  if (roll < 0.15) return between(1, 4);
  return between(5, 200);
}
