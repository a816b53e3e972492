import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literalAddress, refusedAddressKind, refusedLiteralHost, type RefusedKind } from './endpoint-policy.ts';

const REFUSED: ReadonlyArray<readonly [string, RefusedKind]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['fc00::1', 'private'],
  ['fd00:ec2::254', 'private'], // AWS metadata over IPv6
  ['fec0::1', 'private'],
  ['64:ff9b:1::a00:1', 'private'],
  ['169.254.169.254', 'link-local'], // cloud metadata
  ['169.254.0.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'], // with a zone, as a resolver may answer
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.192', 'reserved'],
  ['192.0.2.10', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.5', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
  ['100::1', 'reserved'],
  ['::127.0.0.1', 'reserved'], // IPv4-compatible (deprecated)
  // IPv4-mapped IPv6, in its textual forms
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:0.0.0.0', 'unspecified'],
  // IPv4 inside NAT64 and 6to4 prefixes
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['2002:c0a8:101::1', 'private'],
  ['2002:7f00:1::', 'loopback'],
  // not an IP address at all
  ['localhost', 'reserved'],
  ['', 'reserved'],
];

const PUBLIC: readonly string[] = [
  '8.8.8.8',
  '1.1.1.1',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '34.117.59.81',
  '::ffff:8.8.8.8',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80e::200e',
  'fe7f::1',
  'fbff::1',
  'fe00::1',
  '64:ff9b::808:808', // a public IPv4 address through NAT64: an IPv6-only server still reaches push services
  '2002:808:808::1',
];

await test('refuses every non-public range, naming why', () => {
  for (const [address, kind] of REFUSED) assert.equal(refusedAddressKind(address), kind, address);
});

await test('allows public addresses, including right next to refused ranges', () => {
  for (const address of PUBLIC) assert.equal(refusedAddressKind(address), null, address);
});

await test('a URL host: IP literals (as the URL parser normalises them) are judged, names are left to resolution', () => {
  const host = (url: string) => new URL(url).hostname;
  assert.equal(refusedLiteralHost(host('http://127.0.0.1:8080/x')), 'loopback');
  assert.equal(refusedLiteralHost(host('http://[::1]/x')), 'loopback');
  assert.equal(refusedLiteralHost(host('http://[::ffff:127.0.0.1]/x')), 'loopback');
  assert.equal(refusedLiteralHost(host('http://2130706433/x')), 'loopback'); // 127.0.0.1 as one number
  assert.equal(refusedLiteralHost(host('http://0x7f.1/x')), 'loopback');
  assert.equal(refusedLiteralHost(host('http://0251.0376.0251.0376/x')), 'link-local'); // 169.254.169.254 in octal
  assert.equal(refusedLiteralHost(host('http://[fe80::1]/x')), 'link-local');
  assert.equal(refusedLiteralHost(host('https://8.8.8.8/x')), null);
  assert.equal(refusedLiteralHost(host('https://localhost/x')), null);
  assert.equal(refusedLiteralHost(host('https://push.example/x')), null);
  assert.equal(literalAddress('[2001:db8::1]'), '2001:db8::1');
  assert.equal(literalAddress('push.example'), null);
});
