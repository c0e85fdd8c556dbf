import { createHmac } from 'node:crypto';
import { safeEqual } from '../auth/secrets.ts';

/**
 * A key for one purpose, derived from SESSION_SECRET_KEY. Every cookie and token gets its own, so a
 * value signed for one use (a Trader CMS session, a flash message) is worthless in another (an Admin
 * session), even though all of them come from the same secret.
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`broker:${purpose}`).digest();
}

export function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

/** JSON in a cookie-safe `payload.signature` string that nobody without the key can forge or edit. */
export interface SignedCodec<T> {
  seal(value: T): string;
  /** The value, or null when the text is malformed or its signature does not match. */
  open(text: string | undefined): T | null;
}

export function signedCodec<T>(
  key: Buffer,
  isValid: (value: unknown) => value is T,
): SignedCodec<T> {
  return {
    seal(value) {
      const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${payload}.${hmac(key, payload)}`;
    },
    open(text) {
      if (!text) return null;
      const [payload, signature, ...rest] = text.split('.');
      if (!payload || !signature || rest.length > 0) return null;
      if (!safeEqual(signature, hmac(key, payload))) return null;
      try {
        const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return isValid(value) ? value : null;
      } catch {
        return null;
      }
    },
  };
}
