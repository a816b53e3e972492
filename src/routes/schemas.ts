/** Schema pieces shared by several routes. */
import { Type } from 'typebox';
import { CALL_TOKEN_PATTERN } from '../call-urls/links.ts';

export const PushUrl = Type.String({ pattern: '^https?://', maxLength: 2048 });

/** Any string in the path; a token of the wrong shape is answered like an unknown one (404 errno 105). */
export const TokenParams = Type.Object({ token: Type.String() });
export const TOKEN_SHAPE = new RegExp(CALL_TOKEN_PATTERN);

export const ErrorBody = Type.Object({
  code: Type.Integer(),
  errno: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});
