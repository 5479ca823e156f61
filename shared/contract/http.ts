import { z } from 'zod';
import {
  type Permission,
  BookingSchema,
  CartSchema,
  CatalogItemSchema,
  ChannelSchema,
  ClientSchema,
  LinkSchema,
  LinkStatusSchema,
  LocationSchema,
  SaleSchema,
  StaffSchema,
} from './entities';
import { ServerEventSchema } from './events';
import { CentsSchema, DateOnlySchema, IdSchema, NameSchema, PinSchema, SeqSchema, ServerTimeSchema } from './primitives';

// The cloud API at /api/v1 (DESIGN.md section 5). Requests are validated by the server; answers by the register.
// Tokens: staff POSTs take a staff token; GET /events, /bootstrap, POST /sessions, PATCH /registers/current and the
// socket take the register token; GET /catalog, /clients, /roster and GET /sales/:id take either; GET /sales (the
// day) takes a staff token with view_sales. A full appointment slot answers capacity_unavailable
// with details {sessionId: slotId, slotId}; payments that do not add up to the total answer invalid_request
// {field: "payments", expectedCents}; the same sale id with other content answers 409 duplicate_sale {saleId}.

const API_PREFIX = '/api/v1';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IdempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_:.-]+$/);

// Query and path parameters are checked against what the database and the date arithmetic can take, so no input
// reaches either unchecked: text without control characters (PostgreSQL refuses NUL in text), cursors within the
// int4 `seq` column, dates within years the studio calendar can compute.

/** Text typed into a query: any printable characters, no control characters (NUL, line breaks, DEL). */
// eslint-disable-next-line no-control-regex
const PlainQueryTextSchema = z.string().regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
/** The largest value of a PostgreSQL `integer` column (event `seq`). */
const INT4_MAX = 2_147_483_647;
/** A whole number in a query string: digits only (no sign, exponent, hex or spaces), at most `max`. */
const queryInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
/** The first and last studio days that reports can be read for (beyond them calendar arithmetic stops making sense). */
const STUDIO_DATE_RANGE = { first: '2000-01-01', last: '2099-12-31' } as const;
const StudioDateQuerySchema = DateOnlySchema.refine((date) => date >= STUDIO_DATE_RANGE.first && date <= STUDIO_DATE_RANGE.last, {
  message: `must be a date from ${STUDIO_DATE_RANGE.first} to ${STUDIO_DATE_RANGE.last}`,
});
/** A cart whose membership start dates lie within the studio calendar's range (the domain judges the rest). */
const RequestCartSchema = CartSchema.refine(
  (cart) => cart.lines.every((line) => line.startsOn === undefined || (line.startsOn >= STUDIO_DATE_RANGE.first && line.startsOn <= STUDIO_DATE_RANGE.last)),
  { message: `a start date must be from ${STUDIO_DATE_RANGE.first} to ${STUDIO_DATE_RANGE.last}`, path: ['lines'] },
);
/** A studio's widget slug in page URLs: URL-safe letters, digits, _ and - (never a path, a dot or a NUL). */
export const WidgetSlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');

const withServerTime = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, serverTime: ServerTimeSchema });

// POST /registers/enroll
const EnrollRequestSchema = z.object({
  code: z.string().trim().min(1).max(64),
  name: NameSchema,
});
export const RegisterInfoSchema = z.object({
  id: IdSchema,
  name: z.string(),
  locationId: IdSchema,
  /** Short number of this register within its location; prefixes its receipt numbers. */
  number: z.number().int().positive(),
});
const EnrollResponseSchema = withServerTime({ register: RegisterInfoSchema, token: z.string() });

// PATCH /registers/current (register token) — the register renamed in Settings (an addition to DESIGN.md's
// table). The token names the register, so a register renames itself and no other; the name has enrollment's bounds.
const RenameRegisterRequestSchema = z.object({ name: NameSchema }).strict();
const RegisterResponseSchema = withServerTime({ register: RegisterInfoSchema });

// POST /sessions (register token)
const SignInRequestSchema = z.object({ pin: PinSchema });
export const SignInResponseSchema = withServerTime({
  token: z.string(),
  staff: StaffSchema,
  expiresAt: z.iso.datetime({ offset: true }),
});

// GET /bootstrap (register token)
export const BootstrapResponseSchema = withServerTime({
  location: LocationSchema,
  register: RegisterInfoSchema,
  staff: z.array(StaffSchema),
  items: z.array(CatalogItemSchema),
  clients: z.array(ClientSchema),
  lastSeq: SeqSchema,
});
export type BootstrapResponse = z.infer<typeof BootstrapResponseSchema>;

// GET /catalog
export const CatalogResponseSchema = withServerTime({ items: z.array(CatalogItemSchema) });
// GET /clients?query=
const ClientsQuerySchema = z.object({ query: PlainQueryTextSchema.max(100).optional() });
export const ClientsResponseSchema = withServerTime({ clients: z.array(ClientSchema) });

// POST /clients (staff): the register names the new client with its own ULID, so a retry is the same client. The
// phone may be typed as staff read it ("(555) 555-0199"); the server normalizes it to E.164 (US by default). At
// least one of phone and email; 409 client_exists {clientId, clientName, field} when another client of the
// location has it; the same id with other content answers 409 duplicate_client {clientId}.
const ContactPhoneSchema = z.string().trim().min(1).max(32);
const ContactEmailSchema = z.string().trim().min(1).max(254);
const CreateClientRequestSchema = z
  .object({ id: IdSchema, name: NameSchema, phone: ContactPhoneSchema.optional(), email: ContactEmailSchema.optional() })
  .strict()
  .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'a client needs a phone number or an email address', path: ['phone'] });
export type CreateClientRequest = z.infer<typeof CreateClientRequestSchema>;
// PATCH /clients/:id (staff) — a contact corrected at the desk (an addition to DESIGN.md's table): 404
// client_not_found, 409 client_exists when another client has it.
const UpdateClientContactRequestSchema = z
  .object({ phone: ContactPhoneSchema.optional(), email: ContactEmailSchema.optional() })
  .strict()
  .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'give a phone number or an email address to save', path: ['phone'] });
export type UpdateClientContactRequest = z.infer<typeof UpdateClientContactRequestSchema>;
export const ClientResponseSchema = withServerTime({ client: ClientSchema });

// POST /payment-links (staff)
const CreateLinkRequestSchema = z.object({
  cart: RequestCartSchema,
  delivery: z.object({
    /** Empty: the link is only shown as a QR code at the register; no message is sent. */
    channels: z.array(ChannelSchema).max(2),
    phone: z.string().max(32).optional(),
    email: z.string().max(254).optional(),
  }),
});
export type CreateLinkRequest = z.infer<typeof CreateLinkRequestSchema>;
export const LinkResponseSchema = withServerTime({ link: LinkSchema });
const LinksQuerySchema = z.object({ status: LinkStatusSchema.optional() });
export const LinksResponseSchema = withServerTime({ links: z.array(LinkSchema) });
const ResendLinkRequestSchema = z.object({
  phone: z.string().max(32).optional(),
  email: z.string().max(254).optional(),
});
const CancelLinkRequestSchema = z.object({}).strict();

// GET /events?after=SEQ&limit=N (register)
const EventsQuerySchema = z.object({
  after: queryInteger(0, INT4_MAX).default(0),
  limit: queryInteger(1, 1000).default(200),
});
export const EventsResponseSchema = withServerTime({ events: z.array(ServerEventSchema), lastSeq: SeqSchema });

// POST /sales (staff) — cash and external card terminal sales made at the register
const REGISTER_PAYMENT_METHODS = ['cash', 'external_card'] as const;
const RegisterPaymentSchema = z
  .object({
    method: z.enum(REGISTER_PAYMENT_METHODS),
    amountCents: CentsSchema,
    /** Cash only: what the client handed over, kept for the receipt ("Cash tendered", "Change"). */
    tenderedCents: CentsSchema.optional(),
  })
  .refine((p) => p.tenderedCents === undefined || (p.method === 'cash' && p.tenderedCents >= p.amountCents), {
    message: 'cash tendered is recorded for cash only, and is at least the amount paid',
    path: ['tenderedCents'],
  });
const CreateSaleRequestSchema = z.object({
  id: IdSchema,
  /** Assigned by the register so an offline sale has its receipt at once: `{registerNumber}-{n}`. */
  receiptNumber: z
    .string()
    .regex(/^\d{1,4}-\d{1,8}$/)
    .optional(),
  /**
   * The staff member who made the sale, when the request is sent with a colleague's token because the seller's has
   * expired (a stranded offline sale). The server records them as seller if they are staff of this location.
   */
  sellerStaffId: IdSchema.optional(),
  /** When the sale happened at the register (it may reach the server later). */
  createdAt: z.iso.datetime({ offset: true }).optional(),
  cart: RequestCartSchema,
  payments: z.array(RegisterPaymentSchema).min(1).max(4),
});
export type CreateSaleRequest = z.infer<typeof CreateSaleRequestSchema>;
/** The answer of POST /sales and of GET /sales/:id. */
export const SaleResponseSchema = withServerTime({ sale: SaleSchema });

// GET /sales?date=YYYY-MM-DD (date in the studio's time zone; default today)
const SalesQuerySchema = z.object({ date: StudioDateQuerySchema.optional() });
export const SalesTotalsSchema = z.object({
  byMethod: z.object({
    cash: CentsSchema.optional(),
    external_card: CentsSchema.optional(),
    payment_link: CentsSchema.optional(),
  }),
  totalCents: CentsSchema,
  count: z.number().int().min(0),
});
export type SalesTotals = z.infer<typeof SalesTotalsSchema>;
export const DaySalesResponseSchema = withServerTime({
  date: DateOnlySchema,
  sales: z.array(SaleSchema),
  totals: SalesTotalsSchema,
});

// GET /roster?date=YYYY-MM-DD — bookings of the day's sessions and slots (an addition to DESIGN.md's table)
const RosterQuerySchema = z.object({ date: StudioDateQuerySchema.optional() });
export const RosterResponseSchema = withServerTime({ date: DateOnlySchema, bookings: z.array(BookingSchema) });

// GET /health
const HealthResponseSchema = withServerTime({ ok: z.literal(true) });

// The route table: every endpoint of the API with its method, path, who may call it and the schemas of its
// request and answer. The server registers its routes from it and the register builds its requests from it, so
// the two cannot disagree about a path or a shape. `auth` names the token the route takes (DESIGN.md section 5);
// `permission` the staff permission it checks; `idempotent` that it needs an Idempotency-Key; `subject` names the
// body in a refusal's sentence.

type RouteAuth = 'none' | 'register' | 'staff' | 'register_or_staff';
export type ApiRoute = {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  auth: RouteAuth;
  permission?: Permission;
  idempotent?: boolean;
  subject?: string;
  request: { body?: z.ZodType; params?: z.ZodObject; query?: z.ZodObject };
  response: z.ZodObject;
};

const IdParamsSchema = z.object({ id: IdSchema });
const route = <const R extends ApiRoute>(definition: R): R => definition;

export const routes = {
  health: route({ method: 'GET', path: `${API_PREFIX}/health`, auth: 'none', request: {}, response: HealthResponseSchema }),
  enroll: route({
    method: 'POST',
    path: `${API_PREFIX}/registers/enroll`,
    auth: 'none',
    subject: 'The enrollment',
    request: { body: EnrollRequestSchema },
    response: EnrollResponseSchema,
  }),
  renameRegister: route({
    method: 'PATCH',
    path: `${API_PREFIX}/registers/current`,
    auth: 'register',
    subject: 'The register name',
    request: { body: RenameRegisterRequestSchema },
    response: RegisterResponseSchema,
  }),
  signIn: route({
    method: 'POST',
    path: `${API_PREFIX}/sessions`,
    auth: 'register',
    subject: 'The sign-in',
    request: { body: SignInRequestSchema },
    response: SignInResponseSchema,
  }),
  bootstrap: route({ method: 'GET', path: `${API_PREFIX}/bootstrap`, auth: 'register', request: {}, response: BootstrapResponseSchema }),
  catalog: route({ method: 'GET', path: `${API_PREFIX}/catalog`, auth: 'register_or_staff', request: {}, response: CatalogResponseSchema }),
  searchClients: route({
    method: 'GET',
    path: `${API_PREFIX}/clients`,
    auth: 'register_or_staff',
    request: { query: ClientsQuerySchema },
    response: ClientsResponseSchema,
  }),
  createClient: route({
    method: 'POST',
    path: `${API_PREFIX}/clients`,
    auth: 'staff',
    idempotent: true,
    subject: 'The new client',
    request: { body: CreateClientRequestSchema },
    response: ClientResponseSchema,
  }),
  updateClientContact: route({
    method: 'PATCH',
    path: `${API_PREFIX}/clients/:id`,
    auth: 'staff',
    subject: 'The client contact',
    request: { params: IdParamsSchema, body: UpdateClientContactRequestSchema },
    response: ClientResponseSchema,
  }),
  createLink: route({
    method: 'POST',
    path: `${API_PREFIX}/payment-links`,
    auth: 'staff',
    permission: 'send_payment_link',
    idempotent: true,
    subject: 'The payment link',
    request: { body: CreateLinkRequestSchema },
    response: LinkResponseSchema,
  }),
  listLinks: route({
    method: 'GET',
    path: `${API_PREFIX}/payment-links`,
    auth: 'register_or_staff',
    request: { query: LinksQuerySchema },
    response: LinksResponseSchema,
  }),
  getLink: route({
    method: 'GET',
    path: `${API_PREFIX}/payment-links/:id`,
    auth: 'register_or_staff',
    request: { params: IdParamsSchema },
    response: LinkResponseSchema,
  }),
  resendLink: route({
    method: 'POST',
    path: `${API_PREFIX}/payment-links/:id/resend`,
    auth: 'staff',
    permission: 'send_payment_link',
    idempotent: true,
    subject: 'The resend',
    request: { params: IdParamsSchema, body: ResendLinkRequestSchema.optional() },
    response: LinkResponseSchema,
  }),
  cancelLink: route({
    method: 'POST',
    path: `${API_PREFIX}/payment-links/:id/cancel`,
    auth: 'staff',
    permission: 'send_payment_link',
    idempotent: true,
    subject: 'The cancel',
    request: { params: IdParamsSchema, body: CancelLinkRequestSchema.optional() },
    response: LinkResponseSchema,
  }),
  events: route({ method: 'GET', path: `${API_PREFIX}/events`, auth: 'register', request: { query: EventsQuerySchema }, response: EventsResponseSchema }),
  createSale: route({
    method: 'POST',
    path: `${API_PREFIX}/sales`,
    auth: 'staff',
    permission: 'take_payment',
    idempotent: true,
    subject: 'The sale',
    request: { body: CreateSaleRequestSchema },
    response: SaleResponseSchema,
  }),
  getSale: route({
    method: 'GET',
    path: `${API_PREFIX}/sales/:id`,
    auth: 'register_or_staff',
    request: { params: IdParamsSchema },
    response: SaleResponseSchema,
  }),
  daySales: route({
    method: 'GET',
    path: `${API_PREFIX}/sales`,
    auth: 'staff',
    permission: 'view_sales',
    request: { query: SalesQuerySchema },
    response: DaySalesResponseSchema,
  }),
  roster: route({
    method: 'GET',
    path: `${API_PREFIX}/roster`,
    auth: 'register_or_staff',
    request: { query: RosterQuerySchema },
    response: RosterResponseSchema,
  }),
} as const;

export type RouteName = keyof typeof routes;
export type RouteParams<R extends ApiRoute> = R['request']['params'] extends z.ZodObject ? z.input<R['request']['params']> : undefined;
export type RouteQuery<R extends ApiRoute> = R['request']['query'] extends z.ZodObject ? z.input<R['request']['query']> : undefined;
export type RouteBody<R extends ApiRoute> = R['request']['body'] extends z.ZodType ? z.input<R['request']['body']> : undefined;

/** A route's path with its `:params` filled in, each encoded as one path segment. */
export function pathFor<R extends ApiRoute>(route: R, ...params: RouteParams<R> extends undefined ? [] : [RouteParams<R>]): string;
export function pathFor(route: ApiRoute, params?: Record<string, string>): string {
  const values = params ?? {};
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path} needs its ${name}`);
    return encodeURIComponent(value);
  });
}
