/**
 * The historical wording of validation failures for fields clients know, keyed by field path.
 * Fields not listed get "<field> <what the schema says>".
 */
const FIELD_MESSAGES: Readonly<Record<string, string>> = {
  callType: "callType should be 'audio' or 'audio-video'",
  expiresIn: 'expiresIn should be a valid number',
  valid_duration: 'expiresIn should be a valid number',
  subject: 'subject should be a string of at most 124 characters',
  version: 'version should be a number of seconds',
  'simplePushURLs.calls': 'simplePushURLs.calls should be a valid url',
  'simplePushURLs.rooms': 'simplePushURLs.rooms should be a valid url',
  // The legacy names are reported under the current one, as the 2016 server did, whichever was sent.
  simplePushURL: 'simplePushURLs.calls should be a valid url',
  simple_push_url: 'simplePushURLs.calls should be a valid url',
  webPushSubscription: 'webPushSubscription should be the JSON of a PushSubscription',
  'webPushSubscription.endpoint': 'webPushSubscription.endpoint should be an https URL',
  'webPushSubscription.keys': 'webPushSubscription.keys should hold p256dh and auth',
  'webPushSubscription.keys.p256dh': 'webPushSubscription.keys.p256dh should be a P-256 public key in base64url',
  'webPushSubscription.keys.auth': 'webPushSubscription.keys.auth should be 16 bytes in base64url',
  'webPushSubscription.topics': "webPushSubscription.topics should be a list of 'calls' and 'rooms'",
};

/** A list item (`topics.0`) is worded like its list. */
export function fieldMessage(field: string): string | undefined {
  return FIELD_MESSAGES[field] ?? FIELD_MESSAGES[field.replace(/(\.\d+)+$/, '')];
}

/** A push URL whose host is an address Loop does not push to: `host` is the client's own input, `kind` why. */
export function refusedAddressMessage(field: string, host: string, kind: string): string {
  return `${field} should point to a public address, not ${host} (${kind})`;
}
