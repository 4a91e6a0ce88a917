// Validation shared by the core, the CLI and the renderer's forms: one set of rules, one set of messages.
import { z } from 'zod';
import type { HolderInput } from './festime';

export { isoDateSchema, localDateTimeSchema, monthSchema, punchTimeSchema, timeSchema, zoneSettingSchema } from './time';

export const HOLDER_LIMITS = { nom: 60, prenom: 60, uid: 40 } as const;

/**
 * `;` and `~` are Festime's own field and record separators: a name holding one would corrupt
 * every later punch answer. Control characters and line breaks (also U+2028/U+2029) likewise.
 * So are the invisible format characters (\p{Cf}): the bidi controls (U+202A–U+202E,
 * U+2066–U+2069, U+200E/U+200F, U+061C), the zero-width ones (U+200B–U+200D, U+2060–U+2064),
 * U+FEFF, the soft hyphen U+00AD: a name that reads "DUPONT" but is not, or shows reversed, on
 * every screen, terminal and payroll sheet.
 */
const FORBIDDEN = /[;~\p{Cc}\p{Cf}\u2028\u2029]/u;

export const FIELD_RULES = [
  'required',
  'tooLong',
  'forbidden',
  'date',
  'time',
  'zone',
  'mismatch',
  // The word typed to confirm emptying the terminals (shared/api.ts EMPTY_WORDS).
  'confirmWord',
  'invalid',
  // Numbers out of their bounds.
  'tooHigh',
  'tooLow',
  // Employee records and absences (shared/employees.ts).
  'partTimeHours',
  'fullTimeHours',
  'endBeforeStart',
  'toBeforeFrom',
  'rangeTooLong',
  'halfOneDay',
  'overlap',
  'unknownCode',
  'codeInUse',
  'duplicateCode',
  // Payroll codes (shared/payroll-export.ts).
  'unknownKey',
  'payrollCode',
  'duplicatePayrollCode',
  // A lost badge replaced (main/core/holders/replace.ts).
  'badgeInUse',
  'sameBadge',
  'badgeReplaced',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export interface FieldIssue {
  field: string;
  rule: FieldRule;
  params: Record<string, string | number>;
}

function describeForbidden(value: string): string {
  const seen = new Set<string>();
  for (const ch of value) {
    if (!FORBIDDEN.test(ch)) continue;
    if (ch === ';' || ch === '~') seen.add(`« ${ch} »`);
    else if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') seen.add('↵');
    else seen.add(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return [...seen].join(' ');
}

function holderField(name: keyof typeof HOLDER_LIMITS) {
  const max = HOLDER_LIMITS[name];
  return z
    .string({ error: 'required' })
    .transform((s) => s.trim())
    .superRefine((value, ctx) => {
      if (value.length === 0) ctx.addIssue({ code: 'custom', message: 'required', params: {} });
      else if (FORBIDDEN.test(value)) ctx.addIssue({ code: 'custom', message: 'forbidden', params: { chars: describeForbidden(value) } });
      else if ([...value].length > max) ctx.addIssue({ code: 'custom', message: 'tooLong', params: { max } });
    });
}

export const holderInputSchema = z.object({
  nom: holderField('nom'),
  prenom: holderField('prenom'),
  uid: holderField('uid'),
});

/** The issues of a zod failure, as field + rule, for messages in any language. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    // Our own rules travel in the message; zod's bounds are mapped onto them (an empty text is "required").
    // A number out of bounds is "too high / too low", not "too long".
    if (issue.code === 'too_big' && issue.origin === 'number')
      return { field: String(issue.path[0] ?? 'value'), rule: 'tooHigh', params: { max: Number(issue.maximum) } };
    if (issue.code === 'too_small' && issue.origin === 'number')
      return { field: String(issue.path[0] ?? 'value'), rule: 'tooLow', params: { min: Number(issue.minimum) } };
    if (issue.code === 'too_big') return { field: String(issue.path[0] ?? 'value'), rule: 'tooLong', params: { max: Number(issue.maximum) } };
    const own = FIELD_RULES.find((r) => r === issue.message);
    // zod's own checks: a value missing is "required"; one of the wrong kind, or not among the choices, "invalid".
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    const rule =
      own ??
      (missing
        ? 'required'
        : issue.code === 'invalid_type' || issue.code === 'invalid_value' || (issue.code === 'too_small' && issue.origin !== 'string')
          ? 'invalid'
          : 'required');
    const params = 'params' in issue && issue.params ? (issue.params as Record<string, string | number>) : {};
    return { field: String(issue.path[0] ?? 'value'), rule, params };
  });
}

export type HolderValidation = { ok: true; value: HolderInput } | { ok: false; issues: FieldIssue[] };

export function checkHolder(input: unknown): HolderValidation {
  const parsed = holderInputSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: fieldIssues(parsed.error) };
}
