// The contract between the renderer and the main process: every method once, with the zod schema
// of its input and the type of its result, and every push event. The preload object, the IPC
// registration, the browser bridge and the renderer's client are all derived from it: adding a
// method is one line here and one handler in main/.
import { z } from 'zod';
import type { AppError } from './app-error';
import type { Punch, PunchType, TerminalInfoReport, TransferReport } from './festime';
import { holderInputSchema as holderSchema, isoDateSchema } from './validation';

/** A method: its input schema, and (as a type only) its result. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  input: I;
  /** Never read at run time: carries the result type. */
  result?: R;
}

const method = <I extends z.ZodType>(input: I) => ({ returns: <R>(): MethodSpec<I, R> => ({ input }) });

export interface AccountView {
  id: number;
  server: string;
  login: string;
  label: string;
  /** Whether the keychain holds a password for it; the password itself never leaves the main process. */
  hasPassword: boolean;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  accounts: AccountView[];
  currentAccountId: number | null;
}

export interface PunchRow extends Punch {
  removedUpstream: boolean;
}

export interface PunchPageResult {
  rows: PunchRow[];
  total: number;
}

export interface HolderRow {
  uid: string;
  nom: string;
  prenom: string;
  source: 'app' | 'punches';
  lastSeenAt: string | null;
  pending: 'none' | 'queued' | 'unknown' | 'refused' | 'to-push';
  pendingId: number | null;
}

export interface SyncStatus {
  running: boolean;
  lastRun: { outcome: string; finishedAt: string | null; added: number; error: AppError | null } | null;
  lastSuccessAt: string | null;
}

const punchType = z.enum(['A', 'D', 'P']) satisfies z.ZodType<PunchType>;
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'date');

/** A change to a badge holder as recorded in the outbox, and Festime's answer when there is one. */
export interface OutboxView {
  id: number;
  op: 'add' | 'edit' | 'delete';
  uid: string;
  nom: string;
  prenom: string;
  state: 'queued' | 'ok' | 'ko' | 'unknown' | 'cancelled';
  festimeText: string | null;
  error: AppError | null;
}

/** Per-holder figures of a month, in decimal hours (what `export --format json` prints). */
export type MonthFigures = {
  month: string;
  closed: boolean;
  holders: { uid: string; nom: string; prenom: string; daysWorked: number; worked: number; pause: number; overtime25: number; overtime50: number; night: number; sunday: number; holiday: number; anomalies: number; alerts: number }[];
};

export const API = {
  'app/info': method(z.object({})).returns<AppInfo>(),
  'accounts/connect': method(
    z.object({ server: z.string().min(1).max(300), login: z.string().trim().min(1).max(100), password: z.string().min(1).max(500), label: z.string().max(100).optional() }),
  ).returns<AccountView>(),
  'accounts/select': method(z.object({ id: z.number().int().positive() })).returns<AccountView>(),
  'punches/query': method(
    z.object({
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
      uid: z.string().max(100).optional(),
      type: punchType.optional(),
      accessPoint: z.string().max(200).optional(),
      text: z.string().max(100).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(200),
      order: z.enum(['asc', 'desc']).default('desc'),
    }),
  ).returns<PunchPageResult>(),
  'holders/list': method(z.object({})).returns<HolderRow[]>(),
  'holders/create': method(holderSchema).returns<OutboxView>(),
  'holders/edit': method(holderSchema).returns<OutboxView>(),
  'holders/delete': method(holderSchema).returns<OutboxView>(),
  'holders/cancel': method(z.object({ id: z.number().int().positive() })).returns<OutboxView>(),
  'holders/pending': method(z.object({})).returns<{ queued: OutboxView[]; toPush: number }>(),
  'terminals/info': method(z.object({})).returns<TerminalInfoReport>(),
  'terminals/push-users': method(z.object({})).returns<TransferReport>(),
  'terminals/push-reasons': method(z.object({})).returns<TransferReport>(),
  // Emptying a terminal wipes its badge holders: the user types the access point's name to confirm.
  'terminals/empty': method(z.object({ confirm: z.string().min(1).max(200) })).returns<TransferReport>(),
  'timesheet/month': method(z.object({ month: monthSchema })).returns<MonthFigures>(),
  'sync/run': method(z.object({ full: z.boolean().default(false) })).returns<{ added: number; removed: number; received: number; days: number }>(),
  'sync/cancel': method(z.object({})).returns<{ cancelled: boolean }>(),
  'sync/status': method(z.object({})).returns<SyncStatus>(),
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof API;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodResult<M extends MethodName> = NonNullable<Api[M]['result']>;

/** What crosses the boundary: errors are values, with a code the UI translates, never a stack. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const EVENTS = {
  'sync/progress': z.object({ phase: z.enum(['fetch', 'store', 'reconcile', 'done']), done: z.number(), total: z.number(), from: z.string(), to: z.string() }),
  'data/changed': z.object({ what: z.enum(['punches', 'holders', 'accounts']) }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;

export const METHOD_NAMES = Object.keys(API) as MethodName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** What the main process implements: one handler per method, given the parsed input. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodResult<M>> };
