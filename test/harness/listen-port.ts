import { createServer } from 'node:net';

/**
 * A free port below Linux's ephemeral range (32768–60999 by default). A port that `freePort()`
 * got from the kernel is an ephemeral one, and until the child process that is handed it
 * listens, any outgoing connection on the machine may take it as its local port (EADDRINUSE);
 * busy multi-process tests make that likely. Ports below the range are never handed out so.
 */
export async function listenPort(host = '0.0.0.0', from = 20_000, to = 32_767): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (await isPortFree(port, host)) return port;
  }
  throw new Error(`no free port found in ${from}-${to}`);
}

export function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
