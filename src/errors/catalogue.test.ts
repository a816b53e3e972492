import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CATALOGUE, ERRNO } from './catalogue.ts';
import { LoopError } from './loop-error.ts';

await test('docs/errors.md lists exactly the catalogue', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = doc
    .split('\n')
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .slice(1, 4),
    );
  assert.deepEqual(
    rows,
    CATALOGUE.map((entry) => [String(entry.errno), entry.name, entry.statuses.join(', ')]),
  );
});

await test('the catalogue and the errno constants agree', () => {
  assert.deepEqual(Object.fromEntries(CATALOGUE.map((entry) => [entry.name, entry.errno])), ERRNO);
});

await test('every named constructor uses a status its errno is documented with', () => {
  const constructed = [
    LoopError.invalidToken(),
    LoopError.badJson(),
    LoopError.notAcceptable(),
    LoopError.unsupportedMediaType(),
    LoopError.missingParameters(['a', 'b']),
    LoopError.invalidParameters('x'),
    LoopError.unauthorized('m', 'Hawk'),
    LoopError.forbidden(),
    LoopError.requestTooLarge(10),
    LoopError.userUnavailable(),
    LoopError.backend(),
    LoopError.noLongerSupported(),
    LoopError.notFound(),
    LoopError.methodNotAllowed(),
  ];
  for (const error of constructed) {
    const entry = CATALOGUE.find((e) => e.errno === error.errno);
    assert.ok(entry?.statuses.includes(error.status), `${error.errno}/${error.status}`);
  }
  assert.deepEqual(LoopError.missingParameters(['a', 'b']).toBody(), {
    code: 400,
    errno: 108,
    error: 'Missing: a, b',
    message: 'Missing: a, b',
  });
});
