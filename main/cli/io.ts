// What a CLI command talks to, so that output and exit codes stay in one place.
import type { Lang } from '../../shared/i18n';
import { translate } from '../../shared/i18n';
import { visibleLines } from './visible';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

/** A command line that cannot run as written: exit status 2. The message is already translated. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Out {
  lang: Lang;
  /** The language was said (--lang, FESTIME_LANG), not guessed from the locale. */
  explicitLang: boolean;
  t(key: string, params?: Record<string, unknown>): string;
  line(text?: string): void;
  /** A note for a person (progress, hints): stderr, so stdout stays data. Foreign text in it is shown escaped. */
  note(text: string): void;
}

export function makeOut(io: CliIO, lang: Lang, explicitLang = false): Out {
  return {
    lang,
    explicitLang,
    t: (key, params) => translate(lang, key, params),
    line: (text = '') => io.stdout.write(`${text}\n`),
    note: (text) => io.stderr.write(`${visibleLines(text)}\n`),
  };
}

export function usage(out: Out, key: string, params?: Record<string, unknown>): UsageError {
  return new UsageError(out.t(key, params));
}

/** A number typed on the command line, for the contract: anything but digits is NaN, which the contract refuses. */
export function idOf(value: string): number {
  return /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
}
