import { type Static, Type } from 'typebox';

// Surrounding spaces are allowed: the address is trimmed and lower-cased before use.
export const EmailSchema = Type.String({
  maxLength: 254,
  pattern: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$',
  examples: ['trader@example.com'],
});
export const PasswordSchema = Type.String({ minLength: 8, maxLength: 128 });

export const RegisterSchema = Type.Object(
  {
    email: EmailSchema,
    password: PasswordSchema,
    business_name: Type.String({ minLength: 2, maxLength: 120, pattern: '\\S[\\s\\S]*\\S' }),
  },
  { additionalProperties: false },
);
export type Register = Static<typeof RegisterSchema>;

export const LoginSchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type Login = Static<typeof LoginSchema>;

export const RefreshSchema = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const PasswordChangeSchema = Type.Object(
  { current_password: Type.String({ minLength: 1, maxLength: 128 }), new_password: PasswordSchema },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChangeSchema>;

export const TraderStatusSchema = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('ACTIVE'),
  Type.Literal('REJECTED'),
]);

export const TraderSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  business_name: Type.String(),
  slug: Type.String({ description: 'The shop address: /{slug} on the Customer Shop.' }),
  status: TraderStatusSchema,
  created_at: Type.String({ format: 'date-time' }),
});
export type Trader = Static<typeof TraderSchema>;

export const TokenPairSchema = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer(),
  trader: TraderSchema,
});
