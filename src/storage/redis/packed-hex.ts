/**
 * Lowercase hex ids (keyed-hash user ids, random call and websocket tokens) stored in half the bytes' worth
 * of base64url: "~" + base64url(bytes). A 64-character user id becomes 44 characters, a 32-character token
 * 23. Everything else is stored as given, except a value that itself starts with "~", stored with one more
 * "~" in front (base64url never contains "~"), so unpacking is exact for every string. Values written before
 * this encoding (plain hex) unpack to themselves: old and new records read the same way.
 */
const HEX = /^(?:[0-9a-f]{2})+$/;

export function packHex(value: string): string {
  if (HEX.test(value)) return `~${Buffer.from(value, 'hex').toString('base64url')}`;
  return value.startsWith('~') ? `~${value}` : value;
}

export function unpackHex(value: string): string {
  if (!value.startsWith('~')) return value;
  if (value.startsWith('~~')) return value.slice(1);
  return Buffer.from(value.slice(1), 'base64url').toString('hex');
}

export function packNullableHex(value: string | null): string | null {
  return value === null ? null : packHex(value);
}
