// What kind of answer Festime sent when it is not the data asked for, and the `OK;text;remark`
// result line of the holder functions.
import type { OperationResult } from '../../../shared/festime';
import { FestimeBadAnswerError, FestimeRefusedError } from '../errors';
import { htmlStart } from './decode';

const RESULT_LINE = /^\s*(OK|KO)\s*;/i;

/** Splits `OK;text;remark`. The specification's own KO example has no `;` before its remark: then the remark is empty. */
function splitResult(line: string): OperationResult {
  const m = RESULT_LINE.exec(line)!;
  const rest = line.slice(m[0].length);
  const semi = rest.indexOf(';');
  const text = (semi === -1 ? rest : rest.slice(0, semi)).trim();
  const remark = semi === -1 ? '' : rest.slice(semi + 1).trim();
  return { ok: m[1]!.toUpperCase() === 'OK', text, remark };
}

/** The answer without a trailing HTML document and surrounding whitespace. */
export function dataPart(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const html = htmlStart(body);
  return (html === -1 ? body : body.slice(0, html)).trim();
}

/** Throws the error that fits an answer that is not the expected data: a KO, a web page, nothing, or something else. */
export function classifyNonData(text: string): never {
  const data = dataPart(text);
  if (data === '') {
    const html = htmlStart(text);
    // A page's words are not Festime's: its title could quote the request (the password), so
    // only the kind is said.
    if (html !== -1) throw new FestimeBadAnswerError('html');
    throw new FestimeBadAnswerError('empty');
  }
  if (RESULT_LINE.test(data)) {
    const result = splitResult(firstLine(data));
    if (!result.ok) throw new FestimeRefusedError(result.text, result.remark);
    throw new FestimeBadAnswerError('unexpected', { detail: 'OK' });
  }
  throw unreadable(data);
}

/**
 * Free text that is neither data nor a result line (a proxy's message, a stack trace…): only its
 * length is said. Foreign free text is kept for KO lines alone, Festime's own refusal reason.
 */
export function unreadable(data: string): FestimeBadAnswerError {
  return new FestimeBadAnswerError('unreadable', { length: data.length });
}

function firstLine(data: string): string {
  const nl = data.search(/[\r\n]/);
  return nl === -1 ? data : data.slice(0, nl);
}

/** Parses the one-line answer of the three holder functions. A KO is returned, not thrown. */
export function parseResultLine(text: string): OperationResult {
  const data = dataPart(text);
  if (!RESULT_LINE.test(data)) classifyNonData(text);
  return splitResult(firstLine(data));
}
