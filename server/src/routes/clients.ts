import { CreateClientRequestSchema, UpdateClientContactRequestSchema } from '../../../shared/contract/http';
import { IdSchema } from '../../../shared/contract/primitives';
import type { AppContext } from '../app-context';
import { requireStaff } from '../auth/authenticate';
import { createClient, normalizeNewClient, updateClientContact } from '../clients/client-writes';
import { requestHash } from '../http/idempotency';
import type { Router } from '../http/router';
import { idempotencyKey, parseWith } from '../http/validate';

// Client profiles written at the desk: a new client (POST, idempotent by key and by the register's own id) and a
// corrected phone or email (PATCH). Reads are GET /clients and bootstrap (catalog-reads.ts).

export function addClientRoutes(router: Router, ctx: AppContext): void {
  router.add('POST', '/api/v1/clients', async (request) => {
    const auth = await requireStaff(ctx, request);
    const key = idempotencyKey(request);
    const client = normalizeNewClient(parseWith(CreateClientRequestSchema, await request.readBody(), 'The new client'), auth.location.country);
    const idempotency = { scope: `${auth.location.id}:POST /api/v1/clients`, key, requestHash: requestHash(client) };
    return createClient(ctx, { auth, client, idempotency });
  });

  // An addition to DESIGN.md's table: a phone or email corrected on resend is saved to the client's profile.
  router.add('PATCH', '/api/v1/clients/:id', async (request) => {
    const auth = await requireStaff(ctx, request);
    const id = parseWith(IdSchema, request.params.id, 'The client id');
    const body = parseWith(UpdateClientContactRequestSchema, await request.readBody(), 'The client contact');
    return { status: 200, body: { client: await updateClientContact(ctx, auth, id, body) } };
  });
}
