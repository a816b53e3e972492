/** Schema pieces shared by several routes. */
import { Type } from 'typebox';
import { CALL_TOKEN_PATTERN } from '../call-urls/call-token.ts';
import { LoopError } from '../errors/loop-error.ts';

export const PushUrl = Type.String({ pattern: '^https?://', maxLength: 2048 });

/** Any string in the path; a token of the wrong shape is answered like an unknown one (404 errno 105). */
export const TokenParams = Type.Object({ token: Type.String() });
const TOKEN_SHAPE = new RegExp(CALL_TOKEN_PATTERN);

/** The path's token, or 404 errno 105 when it cannot be one: nothing is looked up for a malformed token. */
export function tokenFromPath(params: { token: string }): string {
  if (!TOKEN_SHAPE.test(params.token)) throw LoopError.invalidToken();
  return params.token;
}
