import type { FastifyInstance } from 'fastify';
import { routes } from '@frontdesk/shared/contract/http';
import type { AppContext } from '../app-context';
import { createClient, normalizeNewClient, updateClientContact } from '../clients/client-writes';
import { addApiRoute } from '../http/api-route';
import { requestHash } from '../http/idempotency';

// Client profiles written at the desk: a new client (POST, idempotent by key and by the register's own id) and a
// corrected phone or email (PATCH). Reads are GET /clients and bootstrap (catalog-reads.ts).

export function addClientRoutes(app: FastifyInstance, ctx: AppContext): void {
  addApiRoute(app, ctx, routes.createClient, async ({ auth, body, idempotencyKey, log }) => {
    const client = normalizeNewClient(body, auth.location.country);
    const idempotency = { scope: `${auth.location.id}:POST /api/v1/clients`, key: idempotencyKey, requestHash: requestHash(client) };
    return createClient(ctx, { auth, client, idempotency, log });
  });

  // An addition to DESIGN.md's table: a phone or email corrected on resend is saved to the client's profile.
  addApiRoute(app, ctx, routes.updateClientContact, async ({ auth, params, body }) => ({
    status: 200,
    body: { client: await updateClientContact(ctx, auth, params.id, body) },
  }));
}
