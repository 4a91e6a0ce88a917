// The plain-data shape of an error that crosses a boundary (IPC, the CLI's JSON, the browser bridge).
// `code` is what the UI translates; `params` fill the message; Festime's own text travels in params.

export type ErrorCode =
  | 'festime.refused'
  | 'festime.bad-answer'
  | 'network.unreachable'
  | 'network.dropped'
  | 'network.tls'
  | 'network.timeout'
  | 'cancelled'
  | 'validation.field'
  | 'config.server'
  | 'secrets.unavailable'
  | 'secrets.missing'
  | 'store.future'
  | 'store.damaged'
  | 'store.closed-month'
  | 'store.not-exported'
  | 'store.month-not-over'
  | 'store.retention'
  | 'store.not-found'
  | 'store.not-removed'
  | 'store.not-ambiguous'
  | 'store.foreign-schema'
  | 'store.busy'
  | 'store.read-only'
  | 'store.disk-full'
  | 'store.not-a-folder'
  | 'store.backup-missing'
  | 'store.not-a-backup'
  | 'ipc.sender'
  | 'ipc.unknown-method'
  | 'app.no-account'
  | 'app.busy'
  | 'app.already-open'
  | 'app.file'
  | 'app.native-module'
  | 'app.start'
  | 'app.port-in-use'
  | 'export.missing-matricule'
  | 'export.encoding'
  | 'internal';

export type BadAnswerKind =
  | 'html'
  | 'empty'
  | 'truncated'
  | 'http-status'
  | 'redirect'
  | 'unknown-legend'
  | 'missing-column'
  | 'malformed-record'
  | 'not-separated'
  | 'unexpected'
  | 'unreadable';

export interface AppError {
  code: ErrorCode;
  /** i18n key of the message (a refinement of `code`). */
  key: string;
  params: Record<string, string | number>;
  /** The message in the language asked for. */
  message: string;
}
