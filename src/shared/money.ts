import { Type } from 'typebox';

/**
 * Money is a decimal string with two places ("19.90") in JSON and numeric(12,2) in SQL; arithmetic
 * happens on integer minor units (cents). Never a float.
 */
export const MoneySchema = Type.String({
  pattern: '^(0|[1-9][0-9]{0,9})\\.[0-9]{2}$',
  examples: ['19.90'],
  description: 'A decimal amount with two places.',
});

/** The largest amount numeric(12,2) holds (9999999999.99), in cents. */
export const MAX_CENTS = 999_999_999_999;

export const CurrencySchema = Type.String({ pattern: '^[A-Z]{3}$', examples: ['EUR'] });

/** "19.90" → 1990. Accepts what numeric(12,2) gives back ("19.90", "19.9", "20"). */
export function toCents(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a money amount: ${amount}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 1990 → "19.90". */
export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0)
    throw new Error(`Not an amount of cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
