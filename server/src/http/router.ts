import type { IncomingHttpHeaders } from 'node:http';

// A small router: method + path pattern (`/api/v1/payment-links/:id`) → handler. No framework needed.

export type RouteRequest = {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The JSON body, read on demand (after authentication) with the size and type limits of json-body.ts. */
  readBody(): Promise<unknown>;
  /** The body as bytes, at most `limit` (413 beyond): webhooks verify signatures on exactly these bytes. */
  readRawBody(limit: number): Promise<Buffer>;
  /** The client's address (rate limits). */
  remoteAddress: string;
};

/**
 * An object answer (serverTime is added), an exact JSON text to replay byte for byte, or a page (HTML or other
 * text) with its own headers.
 */
export type RouteAnswer =
  | { status: number; body: Record<string, unknown> }
  | { status: number; replayText: string }
  | { status: number; page: string; contentType: string; headers?: Record<string, string> };

type RouteHandler = (request: RouteRequest) => Promise<RouteAnswer>;

type Route = { method: string; pattern: string; segments: string[]; handler: RouteHandler };

export type Router = {
  add(method: string, pattern: string, handler: RouteHandler): void;
  /** The handler, its path parameters, and its pattern (what logs show instead of the path, which may hold ids). */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string>; pattern: string } | undefined;
};

export function createRouter(): Router {
  const routes: Route[] = [];
  return {
    add(method, pattern, handler) {
      routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler });
    },
    match(method, path) {
      const parts = path.split('/').filter(Boolean);
      for (const route of routes) {
        if (route.method !== method || route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        const matches = route.segments.every((segment, index) => {
          const part = parts[index]!;
          if (segment.startsWith(':')) {
            params[segment.slice(1)] = part;
            return true;
          }
          return segment === part;
        });
        if (matches) return { handler: route.handler, params, pattern: route.pattern };
      }
      return undefined;
    },
  };
}
