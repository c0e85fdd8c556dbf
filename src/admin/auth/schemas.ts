import { type Static, Type } from 'typebox';

export const TokenRequestSchema = Type.Object(
  {
    grant_type: Type.String({ examples: ['client_credentials'] }),
    client_id: Type.String({ minLength: 1, maxLength: 200 }),
    client_secret: Type.String({ minLength: 1, maxLength: 500 }),
    scope: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TokenRequest = Static<typeof TokenRequestSchema>;

export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
});
export type TokenResponse = Static<typeof TokenResponseSchema>;

export const OperatorLoginSchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type OperatorLogin = Static<typeof OperatorLoginSchema>;
