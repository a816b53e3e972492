import { Type } from 'typebox';

/**
 * An object whose undeclared properties are not sent: the serializer drops them, and the document says so
 * (`additionalProperties: false`), so a client validating answers strictly agrees with the server.
 */
export const Closed = <T extends Parameters<typeof Type.Object>[0]>(
  properties: T,
  options: Parameters<typeof Type.Object>[1] = {},
) => Type.Object(properties, { additionalProperties: false, ...options });
