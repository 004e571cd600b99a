// A stand-in for SQS's SendMessage over the AWS JSON protocol, so a Lambda entry that builds its own SQSClient can run in a test.
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SqsStandIn {
  /** Its address: a queue URL on this host is where the SDK sends (it uses the queue URL as the endpoint). */
  readonly endpoint: string;
  /** Bodies sent, oldest first, by queue URL. */
  sent(queueUrl?: string): string[];
  close(): Promise<void>;
}

/**
 * Answers `AmazonSQS.SendMessage` as SQS does (a message id and the body's MD5, which the SDK
 * checks) and refuses every other action with SQS's own error shape, so a call the test did not
 * expect fails loudly instead of passing.
 */
export const startSqsStandIn = async (): Promise<SqsStandIn> => {
  const messages: { queueUrl: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
      if (target !== 'AmazonSQS.SendMessage') {
        reply(400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `The stand-in answers SendMessage only, not ${target || 'this request'}.` });
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { QueueUrl: string; MessageBody: string };
      messages.push({ queueUrl: input.QueueUrl, body: input.MessageBody });
      reply(200, { MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex') });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: (queueUrl) => messages.filter((m) => queueUrl === undefined || m.queueUrl === queueUrl).map((m) => m.body),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
