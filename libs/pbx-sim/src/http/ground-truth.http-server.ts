import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';

export interface GroundTruthRoutes {
  groundTruth(): unknown;
  actionLog(): unknown;
  /** `POST /faults/<name>` with a JSON body; returns the result or throws on bad input. */
  fault(name: string, body: Record<string, unknown>): unknown;
}

const readBody = (req: IncomingMessage): Promise<Record<string, unknown>> =>
  new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      try {
        resolve(raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {});
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    req.on('error', reject);
  });

const send = (res: ServerResponse, code: number, body: unknown): void => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** GET /ground-truth, GET /actions, POST /faults/<name>. */
export class GroundTruthHttpServer {
  private server?: Server;

  constructor(private readonly routes: GroundTruthRoutes) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(port: number, host = '127.0.0.1'): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/ground-truth')
        return send(res, 200, this.routes.groundTruth());
      if (req.method === 'GET' && url.pathname === '/actions') return send(res, 200, this.routes.actionLog());
      const fault = /^\/faults\/([\w-]+)$/.exec(url.pathname);
      if (req.method === 'POST' && fault)
        return send(res, 200, this.routes.fault(fault[1], await readBody(req)) ?? { ok: true });
      send(res, 404, { error: 'not found' });
    } catch (e) {
      send(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}
