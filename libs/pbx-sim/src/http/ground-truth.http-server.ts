import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';

/** A refusal with its HTTP status: 400 bad input, 404 unknown thing, 409 not possible now. */
export class SimHttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export type SimHttpBody = Record<string, unknown>;

export interface SimHttpRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the whole path; capture groups are passed to `handle`. */
  path: RegExp;
  handle(params: string[], body: SimHttpBody): unknown;
}

const readBody = (req: IncomingMessage): Promise<SimHttpBody> =>
  new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      try {
        const parsed: unknown = raw.trim() ? JSON.parse(raw) : {};
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new SimHttpError(400, 'the body must be a JSON object');
        resolve(parsed as SimHttpBody);
      } catch (e) {
        reject(e instanceof SimHttpError ? e : new SimHttpError(400, `invalid JSON: ${String(e)}`));
      }
    });
    req.on('error', reject);
  });

const send = (res: ServerResponse, code: number, body: unknown): void => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** The simulator's HTTP API: ground truth, action log, faults and hooks (routes in simulator-http.routes.ts). */
export class GroundTruthHttpServer {
  private server?: Server;

  constructor(private readonly routes: SimHttpRoute[]) {}

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
      for (const route of this.routes) {
        const match = route.path.exec(url.pathname);
        if (!match || req.method !== route.method) continue;
        const body = req.method === 'POST' ? await readBody(req) : {};
        return send(res, 200, route.handle(match.slice(1), body) ?? { ok: true });
      }
      send(res, 404, { error: 'not found' });
    } catch (e) {
      // anything else thrown by the simulator is a refusal of the request's content
      const status = e instanceof SimHttpError ? e.status : 400;
      send(res, status, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}
