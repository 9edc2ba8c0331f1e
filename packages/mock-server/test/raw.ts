import net from 'node:net';

/**
 * Sends raw bytes on a fresh socket and resolves with the status line the server answered (or
 * `closed` when it closed without answering, or `still open` when it had neither answered nor closed
 * after `holdMs`). `chunks` are written in order; a chunk may be a number of milliseconds to pause.
 */
export function rawRequest(port: number, chunks: Array<string | number>, holdMs = 5_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, holdMs);
    socket.on('data', (data) => (out += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out !== '' ? out.split('\r\n')[0]! : gaveUp ? 'still open' : 'closed');
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (typeof chunk === 'number') await new Promise((r) => setTimeout(r, chunk));
        else if (!socket.destroyed) socket.write(chunk);
      }
    });
  });
}

/** Opens a keep-alive connection, sends one request on it and resolves with the status line; the socket stays open. */
export function openConnection(port: number, head: string): Promise<{ status: string; socket: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      out += data.toString('latin1');
      if (out.includes('\r\n')) resolve({ status: out.split('\r\n')[0]!, socket });
    });
    socket.on('close', () => resolve({ status: out === '' ? 'closed' : out.split('\r\n')[0]!, socket }));
    socket.on('connect', () => socket.write(head));
  });
}
