/**
 * Small typed parsers for environment variables. Each field turns the raw string (or undefined) into a
 * typed value or a problem sentence; the config schema in config.ts is built from them, so the schema is
 * the only place a variable's type, default and rule are written.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; problem: string };
export type Field<T> = (raw: string | undefined) => FieldResult<T>;

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(problem: string): FieldResult<T> => ({ ok: false, problem });

export function str(fallback: string): Field<string> {
  return (raw) => ok(raw === undefined || raw === '' ? fallback : raw);
}

export function int(fallback: number, min: number, max: number): Field<number> {
  return (raw) => {
    if (raw === undefined || raw === '') return ok(fallback);
    const value = Number(raw.trim());
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      return fail(`must be an integer between ${min} and ${max}`);
    }
    return ok(value);
  };
}

export const port = (fallback: number): Field<number> => int(fallback, 1, 65535);

export function oneOf<const T extends string>(fallback: T, allowed: readonly T[]): Field<T> {
  return (raw) => {
    if (raw === undefined || raw === '') return ok(fallback);
    return (allowed as readonly string[]).includes(raw)
      ? ok(raw as T)
      : fail(`must be one of ${allowed.join(', ')}`);
  };
}

export function url(
  fallback: string | undefined,
  protocols: readonly string[],
): Field<string | undefined> {
  return (raw) => {
    const value = raw === undefined || raw === '' ? fallback : raw;
    if (value === undefined) return ok(undefined);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        return fail(`must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      }
      return ok(value);
    } catch {
      return fail('must be a valid URL');
    }
  };
}

export function requiredUrl(fallback: string, protocols: readonly string[]): Field<string> {
  const parse = url(fallback, protocols);
  return (raw) => parse(raw) as FieldResult<string>;
}

export function list(fallback: readonly string[]): Field<readonly string[]> {
  return (raw) => {
    if (raw === undefined || raw.trim() === '') return ok(fallback);
    return ok(
      raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
  };
}

/** A secret must be at least `minLength` characters so nobody ships "secret" as a JWT key. */
export function secret(fallback: string, minLength = 32): Field<string> {
  return (raw) => {
    const value = raw === undefined || raw === '' ? fallback : raw;
    return value.length >= minLength
      ? ok(value)
      : fail(`must be at least ${minLength} characters long`);
  };
}

/** An AES-256 key: 32 bytes written as 64 hex characters or as base64. */
export function aesKey(fallback: string): Field<string> {
  return (raw) => {
    const value = raw === undefined || raw === '' ? fallback : raw;
    const bytes = /^[0-9a-fA-F]{64}$/.test(value)
      ? Buffer.from(value, 'hex')
      : Buffer.from(value, 'base64');
    return bytes.length === 32
      ? ok(value)
      : fail('must be 32 bytes, written as 64 hex characters or as base64');
  };
}

/** An e-mail address, stored lower-case as every e-mail in the system. */
export function email(fallback: string): Field<string> {
  return (raw) => {
    const value = (raw === undefined || raw === '' ? fallback : raw).trim().toLowerCase();
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? ok(value) : fail('must be an e-mail address');
  };
}
