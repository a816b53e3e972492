/**
 * Reading the loosely typed values of room request bodies: the historical clients sent JSON or urlencoded
 * forms, so a number may arrive as a string ("5"), read as the 2016 server's `parseInt` read it, but whole.
 */

/** A whole number given as a number or as decimal text; null for anything else. */
export function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value)) return Number(value);
  return null;
}

/** Whether the body carries the field at all (an explicit null counts as sent). */
export function has(body: Readonly<Record<string, unknown>>, field: string): boolean {
  return Object.hasOwn(body, field) && body[field] !== undefined;
}
