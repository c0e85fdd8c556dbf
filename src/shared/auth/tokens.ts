import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config.ts';
import { Unauthorized } from '../errors.ts';
import { TtlCache } from '../ttl-cache.ts';
import { randomToken } from './secrets.ts';

export interface TokenClaims {
  readonly sub: string;
  readonly jti: string;
  readonly [claim: string]: unknown;
}

export interface TokenIssuer {
  /** Signs a token for `audience`; answers the token and its lifetime in seconds. */
  sign(
    audience: string,
    subject: string,
    ttlSeconds: number,
    extra?: Record<string, unknown>,
  ): Promise<{ token: string; expiresIn: number }>;
  /** Verifies signature, algorithm, issuer, audience and expiry; throws 401 otherwise. */
  verify(token: string, audience: string): Promise<TokenClaims>;
}

/**
 * JWTs signed with JWT_SECRET_KEY. Only the configured algorithm is accepted, so `alg: none` and any
 * other algorithm are refused.
 */
export function tokenIssuer(
  config: Pick<Config, 'JWT_SECRET_KEY' | 'JWT_ALGORITHM'>,
  issuer: string,
): TokenIssuer {
  const key = new TextEncoder().encode(config.JWT_SECRET_KEY);
  const algorithm = config.JWT_ALGORITHM;
  // A service client sends the same token with every call for 15 minutes; checking its HMAC each
  // time is the largest cost of a small request, so a verified token is remembered until it expires.
  const verified = new TtlCache<TokenClaims>();
  return {
    async sign(audience, subject, ttlSeconds, extra = {}) {
      const token = await new SignJWT(extra)
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subject)
        .setJti(randomToken(16))
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token, audience) {
      const known = verified.get(`${audience} ${token}`);
      if (known) return known;
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [algorithm],
          issuer,
          audience,
          requiredClaims: ['sub', 'jti', 'exp'],
        });
        verified.set(`${audience} ${token}`, payload as TokenClaims, (payload.exp ?? 0) * 1000);
        return payload as TokenClaims;
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new Unauthorized('The access token has expired.', 'token_expired');
        }
        throw new Unauthorized('The access token is not valid.', 'invalid_token');
      }
    },
  };
}

/** The token of an `Authorization: Bearer …` header, or a 401. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new Unauthorized('Send an access token: Authorization: Bearer <token>.');
  return match[1];
}
