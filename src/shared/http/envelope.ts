import { type Static, Type } from 'typebox';

export const ErrorDetailSchema = Type.Object(
  {
    field: Type.Optional(Type.String()),
    location: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** The one shape every error answer has (DESIGN.md §4). */
export const ErrorEnvelopeSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ examples: ['validation_failed'] }),
      message: Type.String(),
      details: Type.Optional(Type.Array(ErrorDetailSchema)),
    }),
  },
  { $id: 'ErrorEnvelope' },
);

export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>;
