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
  simplePushURL: 'simplePushURL should be a valid url',
  simple_push_url: 'simple_push_url should be a valid url',
};

export function fieldMessage(field: string): string | undefined {
  return FIELD_MESSAGES[field];
}
