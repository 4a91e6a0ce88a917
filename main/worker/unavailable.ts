// The runtime that could not start (its worker failed to load: a native module built for another
// version, a file missing from the installation). The window still opens on it: `app/health` says
// why and what to do, every other call answers with the same error, nothing is left waiting.
import type { AppHealth } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import { isNativeLoadFailure, NativeModuleError, nativeDetail, StartError } from '../core/errors';
import { logDirOf } from '../core/log';
import { remediesFor } from '../core/app/handlers/health';
import type { RuntimeHost } from './runtime-host';

export function unavailableRuntime(error: unknown, options: { lang: Lang; version: string; dataDir: string }): RuntimeHost {
  const failure = isNativeLoadFailure(error) ? new NativeModuleError(nativeModuleName(error), nativeDetail(error)) : new StartError(nativeDetail(error));
  const appError = failure.toAppError(options.lang);
  const health: AppHealth = {
    version: options.version,
    dataDir: options.dataDir,
    logDir: logDirOf(options.dataDir),
    problem: { error: appError, remedies: remediesFor(appError.code, false), newestBackup: null },
  };
  return {
    dispatch: async (method) => (method === 'app/health' ? { ok: true, value: health } : { ok: false, error: appError }),
    lang: () => options.lang,
    close: async () => undefined,
  };
}

/** The module a dlopen failure names (its `.node` file's package), else the SQLite engine's, the one loaded first. */
function nativeModuleName(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(message)?.[1]?.replace('\\', '/') ?? 'better-sqlite3';
}
