/**
 * The floor: a bare socket.io server that only acks. No auth, no rules, no log — just the
 * transport, configured like the real server, so `recommend_vs_echo` isolates our own cost.
 * Run as its own process (dist/bench/echo-server.js); prints "echo listening on URL" and,
 * when forked, sends { type: 'listening', url } over IPC.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, {
  // Same small frame limit a production server would set; irrelevant to tiny echo frames.
  maxHttpBufferSize: 64 * 1024,
  serveClient: false,
});

io.on('connection', (socket) => {
  socket.onAny((...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') ack({ ok: true, data: null });
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const addr = httpServer.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  console.log(`echo listening on ${url}`);
  process.send?.({ type: 'listening', url });
});

process.on('SIGTERM', () => {
  io.close();
  httpServer.close(() => process.exit(0));
});
