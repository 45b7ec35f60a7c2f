import { connect, type Socket } from 'node:net';
import { Database } from '#database';
import { startTestApp, type TestApp } from '#test-support/test-app.js';

/**
 * Connections that send nothing, headers or a body that never finish, or that stay open after
 * their answer, are closed by the server after the configured timeouts (short ones here; the
 * defaults are in docs/configuration.md). The wait below is a bound on a hang, far above the timeouts.
 */
describe('slow clients', () => {
  let t: TestApp;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp({
      HTTP_HEADERS_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '600',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
      HTTP_IDLE_TIMEOUT_MS: '5000',
    });
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await t.close();
  });

  const GIVE_UP_MS = 20_000;

  /** A raw connection; resolves with what the server sent once it closes the connection, or 'still open' after GIVE_UP_MS. */
  async function open(): Promise<{ socket: Socket; closed: Promise<string> }> {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const closed = new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('still open'), GIVE_UP_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(received);
      });
      socket.on('error', () => undefined);
    });
    return { socket, closed };
  }

  /** Writes `text` a character every `everyMs` until the socket closes. */
  function drip(socket: Socket, text: string, everyMs: number): void {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= text.length) return clearInterval(timer);
      socket.write(text[i++]);
    }, everyMs);
    socket.once('close', () => clearInterval(timer));
  }

  it('closes connections that never send a request', async () => {
    const idle = await Promise.all(Array.from({ length: 40 }, () => open()));
    const results = await Promise.all(idle.map((c) => c.closed));
    expect(results.filter((r) => r === 'still open')).toHaveLength(0);
  });

  it('closes a connection whose headers never finish, with 408', async () => {
    const { socket, closed } = await open();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    drip(socket, `X-Slow: ${'a'.repeat(400)}`, 50);
    const received = await closed;
    expect(received).not.toBe('still open');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose body never finishes, with 408, and records nothing', async () => {
    const { socket, closed } = await open();
    const body = JSON.stringify({ contractId: 'slow-body', title: 'x'.repeat(500) });
    socket.write(`POST /contracts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    drip(socket, body, 50);
    const received = await closed;
    expect(received).not.toBe('still open');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    const { rows } = await t.app.get(Database).pool.query('SELECT count(*)::int AS n FROM es_events');
    expect(rows[0].n).toBe(0);
  });

  it('closes a kept-alive connection that sends no further request', async () => {
    const { socket, closed } = await open();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
  });
});
