// One handler table behind every door (Electron IPC, the browser bridge): checks who calls,
// that the method exists, parses the input with the contract's schema, and turns every error
// into a translatable value — never a stack trace.
import { API, type Handlers, type MethodName, type Outcome } from '../../shared/api';
import type { AppError } from '../../shared/app-error';
import { translate, type Lang } from '../../shared/i18n';
import { fieldIssues } from '../../shared/validation';
import { ValidationError, toAppError } from '../core/errors';
import { noopLogger, type Logger } from '../core/log';

export interface CallContext {
  /** Decided by the door: the sender frame is the app's own (IPC), or the per-launch token matched (bridge). */
  trusted: boolean;
}

export type Dispatch = (method: string, input: unknown, context: CallContext) => Promise<Outcome<unknown>>;

export const refusal = (lang: Lang, code: AppError['code'], key: string, params: Record<string, string> = {}): Outcome<never> => ({
  ok: false,
  error: { code, key, params, message: translate(lang, key, params) },
});

/** `dataDir` names the data folder in the messages of the machine's faults (a read-only folder, a full disk). */
export function createDispatcher(handlers: Handlers, lang: () => Lang, logger: Logger = noopLogger, dataDir?: string): Dispatch {
  return async (method, input, context) => {
    if (!context.trusted) return refusal(lang(), 'ipc.sender', 'errors.ipc.sender');
    if (!Object.hasOwn(API, method)) return refusal(lang(), 'ipc.unknown-method', 'errors.ipc.unknownMethod', { method: method.slice(0, 60) });
    const name = method as MethodName;
    const parsed = API[name].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: new ValidationError(fieldIssues(parsed.error)).toAppError(lang()) };
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      const appError = toAppError(error, lang(), dataDir, name);
      // A bug, not a refusal: the caller sees the method and the cause's first line, masked; the
      // log keeps the method and the error's name and (masked) stack for whoever has to fix it.
      if (appError.code === 'internal') logger.error('dispatch.internal', error, { method: name });
      return { ok: false, error: appError };
    }
  };
}
