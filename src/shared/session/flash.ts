import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deriveKey, signedCodec } from './signed.ts';

/**
 * One-shot messages that survive a redirect (post/redirect/get): set with the redirect, shown and
 * cleared by the next page. Signed, so nobody can plant a message ("call this number") in a panel.
 */
export type FlashKind = 'success' | 'error' | 'info';

export interface Flash {
  readonly kind: FlashKind;
  readonly text: string;
}

export interface Flashes {
  set(reply: FastifyReply, flash: Flash): void;
  /** The pending message, if any, cleared so a reload does not show it again. */
  take(request: FastifyRequest, reply: FastifyReply): Flash | null;
}

const KINDS: readonly string[] = ['success', 'error', 'info'];
const isFlash = (value: unknown): value is Flash => {
  const v = value as Flash;
  return (
    typeof v === 'object' && v !== null && KINDS.includes(v.kind) && typeof v.text === 'string'
  );
};

export function createFlashes(options: {
  secret: string;
  cookieName: string;
  secure: boolean;
}): Flashes {
  const name = options.secure ? `__Host-${options.cookieName}` : options.cookieName;
  const codec = signedCodec(deriveKey(options.secret, `flash:${options.cookieName}`), isFlash);
  const cookie = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
  return {
    set(reply, flash) {
      // A flash only has to live until the redirect is followed.
      reply.setCookie(name, codec.seal(flash), { ...cookie, maxAge: 60 });
    },
    take(request, reply) {
      const raw = request.cookies[name];
      if (raw === undefined) return null;
      reply.clearCookie(name, cookie);
      return codec.open(raw);
    },
  };
}
