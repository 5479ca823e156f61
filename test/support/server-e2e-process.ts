import { createInterface } from 'node:readline';
import { startTestServer } from './test-server';
import { demoDesk } from './server-api-client';
import { cancel, getLink, linkBody, mayaCart, postLink } from './server-link-helpers';

// A demo server in its own Node process (tsx loads the server's ESM) for the invoice-page Playwright spec, driven
// by JSON lines on stdin: create a link, cancel it, or move the server clock past its deadline.

type Request = { id: number; op: 'createLink' } | { id: number; op: 'cancel' | 'expire' | 'status'; linkId: string };

async function main(): Promise<void> {
  let offsetMs = 0;
  const server = await startTestServer({ now: () => Date.now() + offsetMs });
  const desk = await demoDesk(server.url);
  const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

  async function handle(request: Request): Promise<unknown> {
    switch (request.op) {
      case 'createLink': {
        const answer = await postLink(server.url, desk.frank, linkBody(mayaCart(desk)));
        if (answer.status !== 201) throw new Error(answer.text);
        return { id: answer.body.link.id, url: answer.body.link.url };
      }
      case 'cancel':
        return (await cancel(server.url, desk.frank, request.linkId)).body.link.status;
      case 'expire': {
        const link = (await getLink(server.url, desk.frank, request.linkId)).body.link;
        offsetMs += Math.max(0, Date.parse(link.expiresAt) - (Date.now() + offsetMs));
        await server.jobs.sweepExpired();
        return (await getLink(server.url, desk.frank, request.linkId)).body.link.status;
      }
      case 'status': {
        const link = (await getLink(server.url, desk.frank, request.linkId)).body.link;
        return { status: link.status, saleId: link.saleId ?? null };
      }
    }
  }

  createInterface({ input: process.stdin }).on('line', (line) => {
    const request = JSON.parse(line) as Request;
    handle(request).then(
      (value) => write({ id: request.id, ok: true, value }),
      (error: unknown) => write({ id: request.id, ok: false, error: (error as Error).message }),
    );
  });
  process.stdin.on('end', () => {
    void server.close().then(() => process.exit(0));
  });
  write({ ready: true, serverUrl: server.url });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
