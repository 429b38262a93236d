/**
 * The honest floor (issue 11): a bare socket.io server, configured like echo-server.ts, that
 * appends each payload as one JSON line to a file and acks only after fdatasync, with group
 * commit (group-commit-queue.ts): everything that arrived while a sync ran shares the next
 * write + fdatasync. What any server that acknowledges only durable work must at least pay:
 * transport + JSON + one append + one sync, shared.
 * Run as its own process: `durable-echo-server.js FILE`; prints "durable echo listening on URL".
 * On SIGTERM it prints one JSON line with its batch sizes, then exits.
 */
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { GroupCommitQueue } from './group-commit-queue.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: durable-echo-server FILE (the JSON-lines file it appends to)');
  process.exit(2);
}
const fh = await open(file, 'a');
const queue = new GroupCommitQueue<string>(async (lines) => {
  await fh.write(`${lines.join('\n')}\n`);
  await fh.datasync();
});

const httpServer = createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024, serveClient: false });

io.on('connection', (socket) => {
  socket.onAny((...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    queue.submit(JSON.stringify(args[1] ?? null)).then(
      () => ack({ ok: true, data: null }),
      (err: unknown) => ack({ ok: false, error: { code: 'internal', message: `durable echo: ${err instanceof Error ? err.message : String(err)}` } }),
    );
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const addr = httpServer.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  console.log(`durable echo listening on http://127.0.0.1:${port}`);
});

process.on('SIGTERM', () => {
  const b = queue.batches;
  const total = b.reduce((a, n) => a + n, 0);
  console.log(JSON.stringify({ batches: b.length, payloads: total, mean_batch: b.length ? total / b.length : 0 }));
  io.close();
  void fh.close().finally(() => process.exit(0));
});
