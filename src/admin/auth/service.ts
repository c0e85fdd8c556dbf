import { hashPassword, verifyPassword } from '#shared/auth/passwords.ts';
import { safeEqual } from '#shared/auth/secrets.ts';
import type { Db } from '#shared/db/client.ts';
import { BadRequest, Conflict, Unauthorized } from '#shared/errors.ts';
import {
  type AdminContext,
  OPERATOR_AUDIENCE,
  SERVICE_AUDIENCE,
  SERVICE_TOKEN_TTL_SECONDS,
} from '../context.ts';
import { countOperators, findOperatorByEmail, insertOperator } from './queries.ts';
import type { OperatorLogin, TokenRequest, TokenResponse } from './schemas.ts';

/** OAuth 2.0 client credentials: the CMS and the Shop trade their client secret for a token. */
export async function issueServiceToken(
  ctx: AdminContext,
  request: TokenRequest,
): Promise<TokenResponse> {
  if (request.grant_type !== 'client_credentials') {
    throw new BadRequest(
      'unsupported_grant_type',
      'Only grant_type=client_credentials is supported.',
    );
  }
  const known =
    safeEqual(request.client_id, ctx.config.ADMIN_CLIENT_ID) &&
    safeEqual(request.client_secret, ctx.config.ADMIN_CLIENT_SECRET);
  if (!known) throw new Unauthorized('Unknown client or wrong secret.', 'invalid_client');
  const { token, expiresIn } = await ctx.tokens.sign(
    SERVICE_AUDIENCE,
    request.client_id,
    SERVICE_TOKEN_TTL_SECONDS,
  );
  return { access_token: token, token_type: 'bearer', expires_in: expiresIn };
}

/**
 * The operator these credentials belong to. A wrong password and an unknown e-mail fail alike and take
 * the same time (argon2id runs either way).
 */
export async function authenticateOperator(
  ctx: Pick<AdminContext, 'db'>,
  login: OperatorLogin,
): Promise<{ id: string; email: string }> {
  const operator = await findOperatorByEmail(ctx.db, normalizeEmail(login.email));
  const valid = await verifyPassword(operator?.passwordHash ?? null, login.password);
  if (!operator || !valid) {
    throw new Unauthorized('Wrong e-mail or password.', 'invalid_credentials');
  }
  return { id: operator.id, email: operator.email };
}

export async function loginOperator(
  ctx: AdminContext,
  login: OperatorLogin,
): Promise<TokenResponse> {
  const operator = await authenticateOperator(ctx, login);
  const { token, expiresIn } = await ctx.tokens.sign(
    OPERATOR_AUDIENCE,
    operator.id,
    ctx.config.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
  );
  return { access_token: token, token_type: 'bearer', expires_in: expiresIn };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createOperator(db: Db, email: string, password: string) {
  if (password.length < 12) {
    throw new BadRequest('weak_password', 'An operator password needs at least 12 characters.');
  }
  const operator = await insertOperator(db, normalizeEmail(email), await hashPassword(password));
  if (!operator) throw new Conflict('email_taken', 'An operator with this e-mail already exists.');
  return operator;
}

/** Creates the configured operator when there is none yet; answers its e-mail when it did. */
export async function ensureFirstOperator(
  db: Db,
  config: AdminContext['config'],
): Promise<string | null> {
  if ((await countOperators(db)) > 0) return null;
  const operator = await insertOperator(
    db,
    config.ADMIN_OPERATOR_EMAIL,
    await hashPassword(config.ADMIN_OPERATOR_PASSWORD),
  );
  return operator?.email ?? null;
}
