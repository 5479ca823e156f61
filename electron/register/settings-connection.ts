import type { ConnectionTest } from '../../shared/contract/desk-settings';
import { pathFor, routes } from '../../shared/contract/http';
import type { EngineClock } from './engine-clock';

// "Test connection" in Settings: does a Frontdesk server answer at this URL, from this PC, through the same fetch
// the engine uses (Electron's, with the system proxy and certificates)? The answer is a sentence for the person at
// the desk or IT, with a code for what went wrong.

const TEST_TIMEOUT_MS = 5_000;

/** Node's and Chromium's names for a certificate or TLS handshake failure. */
const TLS_ERROR = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_BAD_SSL/i;

function failureReason(error: unknown): { code: string; text: string } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const text = cause instanceof Error ? cause.message : String(cause);
  return { code: typeof code === 'string' ? code : '', text };
}

export async function testServerConnection(deps: { fetch: typeof fetch; clock: EngineClock; timeoutMs?: number }, serverUrl: string): Promise<ConnectionTest> {
  let base: URL;
  try {
    base = new URL(serverUrl);
  } catch {
    base = new URL('invalid:');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    return {
      ok: false,
      problem: 'invalid_url',
      message: "That is not a web address the register can use. It starts with https:// (or http:// on the studio's own network).",
    };
  }
  const host = base.host;
  const timeoutMs = deps.timeoutMs ?? TEST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = deps.clock.setTimeout(() => controller.abort(), timeoutMs);
  const startedAt = deps.clock.monotonic();
  let status: number;
  let body: unknown;
  try {
    const response = await deps.fetch(new URL(pathFor(routes.health), base), { headers: { accept: 'application/json' }, signal: controller.signal });
    status = response.status;
    const text = await response.text();
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = null;
    }
  } catch (error) {
    if (controller.signal.aborted) {
      return {
        ok: false,
        problem: 'timeout',
        message: `No answer from ${host} within ${Math.round(timeoutMs / 1000)} seconds. Check the address, and that the network or a firewall lets this computer reach it.`,
      };
    }
    const reason = failureReason(error);
    // fetch refuses ports kept for other services (SMTP, SSH, …) before trying them.
    if (reason.text === 'bad port') {
      return {
        ok: false,
        problem: 'invalid_url',
        message: `The register does not connect to port ${base.port}: it belongs to another kind of service. Check the address.`,
      };
    }
    if (TLS_ERROR.test(reason.code) || TLS_ERROR.test(reason.text)) {
      return {
        ok: false,
        problem: 'tls',
        message: `The secure connection to ${host} failed: its certificate was not accepted (${reason.code || reason.text}). IT may need to install the studio's certificate on this computer.`,
      };
    }
    return {
      ok: false,
      problem: 'unreachable',
      message: `Nothing answered at ${host} (${reason.code || reason.text}). Check the address, and that this computer can reach it (network, firewall, proxy).`,
    };
  } finally {
    deps.clock.clearTimeout(timer);
  }
  const latencyMs = Math.max(0, Math.round(deps.clock.monotonic() - startedAt));
  const ok = body !== null && typeof body === 'object' && 'ok' in body ? (body as { ok: unknown }).ok : undefined;
  if (status === 200 && ok === true) return { ok: true, latencyMs, message: `Connected: the Frontdesk server at ${host} answered in ${latencyMs} ms.` };
  if (status === 503 && ok === false) {
    return { ok: false, problem: 'server_unhealthy', message: `The Frontdesk server at ${host} answered, but it cannot reach its database right now.` };
  }
  return {
    ok: false,
    problem: 'not_frontdesk',
    message: `Something answered at ${host} (status ${status}), but it is not a Frontdesk server. Check the address with IT.`,
  };
}
