// A small HTTP proxy in front of DynamoDB Local that injects the faults DynamoDB Local never raises:
// throttling, 500s, transaction conflicts, and responses lost after the write was applied.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULTS = ['throttle', 'server_error', 'conflict', 'drop_response'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxy {
  readonly endpoint: string;
  /** How many of each fault it injected so far. */
  readonly injected: Record<Fault, number>;
  /** Decides, per DynamoDB operation (TransactWriteItems, GetItem, ...), whether to inject a fault. */
  setRule(rule: (operation: string) => Fault | undefined): void;
  close(): Promise<void>;
}

const awsError = (type: string, message: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, Message: message, ...extra });

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });

export const startFaultProxy = async (target: string): Promise<FaultProxy> => {
  const upstream = new URL(target);
  const injected = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  let rule: (operation: string) => Fault | undefined = () => undefined;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const fault = rule(operation);
    if (fault) injected[fault] += 1;
    const answer = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fault-proxy' }).end(text);
    };
    if (fault === 'throttle') return answer(400, awsError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.'));
    if (fault === 'server_error') return answer(500, awsError('InternalServerError', 'Internal server error'));
    if (fault === 'conflict' && operation === 'TransactWriteItems') {
      const count = (JSON.parse(body.toString()) as { TransactItems: unknown[] }).TransactItems.length;
      return answer(
        400,
        awsError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]', {
          CancellationReasons: Array.from({ length: count }, (_, i) => (i === 0 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' })),
        }),
      );
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        // The write reached DynamoDB, and its answer is lost on the way back: the client must cope.
        if (fault === 'drop_response') {
          up.resume();
          up.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.socket?.destroy());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    setRule: (next) => (rule = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
