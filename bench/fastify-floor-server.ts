/**
 * A reference, not Loop: bare Fastify (no logger, no hooks, no plugins) answering a link check from a
 * prepared better-sqlite3 read. What a link check costs on this machine before any of Loop's own work,
 * so that Loop's ratio can be read against the framework's, measured in the same run.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const db = new Database(path.join(mkdtempSync(path.join(os.tmpdir(), 'loop-floor-')), 'floor.db'));
db.pragma('journal_mode = WAL');
db.exec(
  'CREATE TABLE links (token TEXT PRIMARY KEY, issuer TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL)',
);
db.prepare('INSERT INTO links VALUES (?, ?, ?, ?)').run('token', 'Bob', 1795600000, 4102444800);
const read = db.prepare<[string, number], { issuer: string; created: number }>(
  'SELECT issuer, created FROM links WHERE token = ? AND expires > ?',
);

const app = Fastify({ logger: false });
app.get<{ Params: { token: string } }>('/calls/:token', async (request, reply) => {
  const link = read.get(request.params.token, Math.floor(Date.now() / 1000));
  if (!link) return reply.code(404).send({ code: 404, errno: 105, error: 'Not Found', message: 'Token not found.' });
  return { calleeFriendlyName: link.issuer, urlCreationDate: link.created };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
