/**
 * A loopback HTTP target for benchmarks, run in its own process so that its CPU is
 * not counted against the engine. Answers every request with a small JSON body after
 * `--delay <ms>` and closes the connection (so every check opens a new one).
 * Prints `{"port": N}` on stdout once listening.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { delay: { type: 'string', default: '0' } } });
const delayMs = Number(values.delay);
const body = JSON.stringify({ status: 'UP', items: [1, 2, 3] });

const server = createServer((req, res) => {
  req.resume();
  const answer = () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  };
  if (delayMs > 0) setTimeout(answer, delayMs);
  else answer();
});
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
