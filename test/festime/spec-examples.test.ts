// The specification's own examples (spec/festime-webapi-v2.0.txt), then the ways a legacy server
// departs from them: every answer below is one a site manager could receive from Festime.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FestimeBadAnswerError, FestimeRefusedError } from '../../main/core/errors';
import { parseResultLine } from '../../main/core/festime/answer-kind';
import { decodeBody } from '../../main/core/festime/decode';
import { parsePunchAnswer, type ParsedPunch } from '../../main/core/festime/punch-parser';
import { parseTerminalInfoReport, parseTransferReport } from '../../main/core/festime/report-parser';
import { PUNCH_LEGEND, type Punch } from '../../shared/festime';
import type { BadAnswerKind } from '../../shared/app-error';

// ---------------------------------------------------------------------------------------------
// Fixtures, copied from the specification. It prints the punch answer wrapped at 76 columns
// (a legend name and a horodatage are cut by line breaks) and escapes "***" as "\*\*\*".

/** "Flux de Retour données" of the `pointage` function, verbatim, line breaks included. */
const SPEC_PUNCH_ANSWER =
  [
    'id_client;client;code_groupe;id_pointage;uid_utilisateur;nompren_utilisateur',
    ';code_mvt;code_motif;motif_pause;jour_sem;horodatage;jour;mois;annee;heure;m',
    'inute;seconde;noserie_terminal;point_acces;code_translation~',
    '7;ESPACE DE MELUN;;95;70;ADONIS Alain;A;0;;mardi;08/01/2019',
    '14:02:45;8;1;2019;14;2;45;8798;Accès porte Sud - Melun;~',
    '7;ESPACE DE MELUN;CADRETECH;96;221342634;ANOUBA Félix;A;0;;mardi;08/01/2019',
    '14:59:42;8;1;2019;14;59;42;8798;Accès porte Sud - Melun;~',
    '7;ESPACE DE MELUN;;111;71;BOILLARD Jean;A;0;;mercredi;09/01/2019',
    '15:56:48;9;1;2019;15;56;48;8798;Accès porte Sud - Melun;',
  ].join('\n') + '\n';

/** The same three records as the server sends them: one line, no wrapping. */
const SPEC_LEGEND_LINE = PUNCH_LEGEND.join(';');
const SPEC_RECORDS = [
  '7;ESPACE DE MELUN;;95;70;ADONIS Alain;A;0;;mardi;08/01/2019 14:02:45;8;1;2019;14;2;45;8798;Accès porte Sud - Melun;',
  '7;ESPACE DE MELUN;CADRETECH;96;221342634;ANOUBA Félix;A;0;;mardi;08/01/2019 14:59:42;8;1;2019;14;59;42;8798;Accès porte Sud - Melun;',
  '7;ESPACE DE MELUN;;111;71;BOILLARD Jean;A;0;;mercredi;09/01/2019 15:56:48;9;1;2019;15;56;48;8798;Accès porte Sud - Melun;',
];
const SPEC_ONE_LINE = [SPEC_LEGEND_LINE, ...SPEC_RECORDS].join('~');

const common = { reasonCode: '0', reason: '', terminal: '8798', accessPoint: 'Accès porte Sud - Melun', clientId: '7', client: 'ESPACE DE MELUN' };
const SPEC_PUNCHES: Punch[] = [
  { id: 95, uid: '70', name: 'ADONIS Alain', type: 'A', at: '2019-01-08T14:02:45', group: '', ...common },
  { id: 96, uid: '221342634', name: 'ANOUBA Félix', type: 'A', at: '2019-01-08T14:59:42', group: 'CADRETECH', ...common },
  { id: 111, uid: '71', name: 'BOILLARD Jean', type: 'A', at: '2019-01-09T15:56:48', group: '', ...common },
];

const SPEC_ADD_OK = 'OK;Utilisateur ajouté dans Festime;DUPONT / Mario / 858745632';
const SPEC_ADD_KO = 'KO;Utilisateur non ajouté dans Festime - UID fourni existe déjà!DUPONT / Mario / 858745632';
const SPEC_MODIFY_OK = 'OK;Utilisateur modifié dans Festime;DUPONT / Mario Syla / 858745632';
const SPEC_DELETE_OK = 'OK;Utilisateur effacé dans Festime;DUPONT / Mario Sylva / 858745632';

const SPEC_TRANSFER_USERS =
  "NOMBRE DE POINT D'ACCES pour transfert [ utilisateur(s) ] : 1 1/1) *** POINT D'ACCES -> Accès porte Sud - Melun : OK;L'ordre de Maj du référentiel RH pour ce point d'accès a bien été envoyé au Terminal : 8798; Nombre d'utilisateurs(s) traité : 25";
const SPEC_TRANSFER_REASONS =
  "NOMBRE DE POINT D'ACCES pour transfert [ motif(s) pause ] : 1 1/1) *** POINT D'ACCES -> Accès porte Sud - Melun : OK;L'ordre de Maj du référentiel Motif(s) de pause pour ce point d'accès a bien été envoyé au Terminal : 8798; Nombre de motif(s) traité : 2";
const SPEC_EMPTY =
  "NOMBRE DE POINT D'ACCES A VIDER : 1 1/1) *** POINT D'ACCES -> Accès porte Sud - Melun : OK;L'ordre de vidage des listes [utilisateurs] et [motifs de pause] pour ce point d'accès a bien été envoyé au Terminal : 8798";
const SPEC_INFO_ITEMS = [
  "NOMBRE DE POINT D'ACCES : 1 1/1) *** POINT D'ACCES -> Accès porte Sud - Melun : [Infos du dispositif de pointage le 21/02/2019 17:03:47]",
  '- No de série du terminal : 8798',
  '- Fuseau horaire paramétré : France',
  '- Statut de connexion du terminal : ONLINE',
  '- Adresse IP publique (FAI) du terminal : 92.154.74.241',
  '- Dernier Scan connexion du terminal : 21/02/2019 17:02:51',
  "- Nombre d'utilisateur(s) chargé sur le terminal : 25 - Nombre de motif(s) de pause chargé sur le terminal : 2",
];
/** As the specification prints it: a Markdown line break ("  " + newline) between items. */
const SPEC_INFOS = SPEC_INFO_ITEMS.join('  \n');

const SPEC_FILE = fileURLToPath(new URL('../../../shared/spec/festime-webapi-v2.0.txt', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Helpers

function withoutRaw(p: ParsedPunch): Punch {
  const { extra: _extra, ...punch } = p;
  return punch;
}

function punchesOf(text: string): Punch[] {
  return parsePunchAnswer(text).punches.toArray().map(withoutRaw);
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got a result');
}

function expectBadAnswer(run: () => unknown, kind: BadAnswerKind, params?: Record<string, string | number>): FestimeBadAnswerError {
  const error = errorOf(run);
  expect(error).toBeInstanceOf(FestimeBadAnswerError);
  const bad = error as FestimeBadAnswerError;
  expect(bad.kind).toBe(kind);
  if (params) expect(bad.params).toMatchObject(params);
  return bad;
}

/** An answer built from fields: legend first, then the records, joined by `sep`. */
function answer(rows: readonly (readonly string[])[], sep = '~'): string {
  return rows.map((fields) => fields.join(';')).join(sep);
}

const LEGEND: readonly string[] = PUNCH_LEGEND;
const RECORD_FIELDS: readonly string[][] = SPEC_RECORDS.map((r) => r.split(';'));

/** The spec's answer with its columns changed by `edit`, applied to the legend and every record alike. */
function reshaped(edit: (columns: readonly string[], isLegend: boolean) => string[]): string {
  return answer([edit(LEGEND, true), ...RECORD_FIELDS.map((fields) => edit(fields, false))]);
}

/** The spec's answer with one more column, named `name` in the legend and holding `value` in every record. */
function withExtraColumn(at: number, name: string, value: string): string {
  return reshaped((c, isLegend) => [...c.slice(0, at), isLegend ? name : value, ...c.slice(at)]);
}

function withoutColumn(...names: string[]): string {
  const keep = LEGEND.map((n) => !names.includes(n));
  return reshaped((columns) => columns.filter((_, i) => keep[i]));
}

// ---------------------------------------------------------------------------------------------

describe('the fixtures', () => {
  it.skipIf(!existsSync(SPEC_FILE))('are verbatim copies of the specification', () => {
    const spec = readFileSync(SPEC_FILE, 'utf8').replaceAll('\\*', '*');
    for (const text of [SPEC_PUNCH_ANSWER, SPEC_TRANSFER_USERS, SPEC_TRANSFER_REASONS, SPEC_EMPTY, SPEC_INFOS]) {
      expect(spec).toContain(text);
    }
    // The holder answers are printed with Markdown bold around parts of the line.
    for (const line of [SPEC_ADD_OK, SPEC_ADD_KO, SPEC_MODIFY_OK, SPEC_DELETE_OK]) {
      expect(spec.replaceAll('**', '')).toContain(line);
    }
  });
});

describe('pointage: the specification example', () => {
  it('reads the answer exactly as the specification prints it, wrapped at 76 columns', () => {
    const parsed = parsePunchAnswer(SPEC_PUNCH_ANSWER);
    expect(parsed.legend).toEqual([...PUNCH_LEGEND]);
    expect(parsed.punches.toArray().map(withoutRaw)).toEqual(SPEC_PUNCHES);
  });

  it('reads the same answer unwrapped on one line', () => {
    const parsed = parsePunchAnswer(SPEC_ONE_LINE);
    expect(parsed.legend).toEqual([...PUNCH_LEGEND]);
    expect(parsed.punches.toArray().map(withoutRaw)).toEqual(SPEC_PUNCHES);
  });

  it('reads the wrapped answer with Windows line breaks', () => {
    expect(punchesOf(SPEC_PUNCH_ANSWER.replaceAll('\n', '\r\n'))).toEqual(SPEC_PUNCHES);
  });

  it('keeps every field that Punch does not carry and cannot be derived from it', () => {
    expect(
      parsePunchAnswer(SPEC_ONE_LINE)
        .punches.toArray()
        .map((p) => p.extra),
    ).toEqual([null, null, null]);
    const withExtras = SPEC_ONE_LINE.replace('code_translation', 'code_translation;badge_type').replace(
      'Accès porte Sud - Melun;~',
      'Accès porte Sud - Melun;TR-7;MIFARE~',
    );
    expect(
      parsePunchAnswer(withExtras)
        .punches.toArray()
        .map((p) => p.extra),
    ).toEqual([{ code_translation: 'TR-7', badge_type: 'MIFARE' }, null, null]);
  });
});

describe('holder functions: the OK / KO line', () => {
  it.each([
    ['add, OK', SPEC_ADD_OK, { ok: true, text: 'Utilisateur ajouté dans Festime', remark: 'DUPONT / Mario / 858745632' }],
    // No ';' before the remark in the specification's KO example: the whole rest is the text.
    [
      'add, KO (uid already known)',
      SPEC_ADD_KO,
      { ok: false, text: 'Utilisateur non ajouté dans Festime - UID fourni existe déjà!DUPONT / Mario / 858745632', remark: '' },
    ],
    ['modify, OK', SPEC_MODIFY_OK, { ok: true, text: 'Utilisateur modifié dans Festime', remark: 'DUPONT / Mario Syla / 858745632' }],
    ['delete, OK', SPEC_DELETE_OK, { ok: true, text: 'Utilisateur effacé dans Festime', remark: 'DUPONT / Mario Sylva / 858745632' }],
  ])('%s', (_name, line, expected) => {
    expect(parseResultLine(line)).toEqual(expected);
  });

  it('reads the line when a page follows it, as an .aspx page often appends', () => {
    const text = `\uFEFF${SPEC_ADD_OK}\r\n<!DOCTYPE html>\r\n<html><head><title>webapi</title></head><body></body></html>`;
    expect(parseResultLine(text)).toEqual({ ok: true, text: 'Utilisateur ajouté dans Festime', remark: 'DUPONT / Mario / 858745632' });
  });

  it('says a web page is a web page, and nothing is nothing', () => {
    expectBadAnswer(() => parseResultLine('<html><head><title>Erreur de serveur</title></head></html>'), 'html');
    expectBadAnswer(() => parseResultLine(' \r\n'), 'empty');
  });
});

describe('global_* functions: the specification examples', () => {
  it('global_transfert_to_iot_utilisateurs', () => {
    const report = parseTransferReport('global_transfert_to_iot_utilisateurs', SPEC_TRANSFER_USERS);
    expect(report.fonction).toBe('global_transfert_to_iot_utilisateurs');
    expect(report.declaredCount).toBe(1);
    expect(report.raw).toBe(SPEC_TRANSFER_USERS);
    expect(report.accessPoints).toEqual([
      {
        index: 1,
        accessPoint: 'Accès porte Sud - Melun',
        status: 'OK',
        message: "L'ordre de Maj du référentiel RH pour ce point d'accès a bien été envoyé au Terminal : 8798",
        terminal: '8798',
        count: 25,
        raw: SPEC_TRANSFER_USERS.slice(SPEC_TRANSFER_USERS.indexOf('1/1)')),
        parsed: true,
      },
    ]);
  });

  it('global_transfert_to_iot_motifs', () => {
    const report = parseTransferReport('global_transfert_to_iot_motifs', SPEC_TRANSFER_REASONS);
    expect(report.declaredCount).toBe(1);
    expect(report.accessPoints).toHaveLength(1);
    expect(report.accessPoints[0]).toMatchObject({
      index: 1,
      accessPoint: 'Accès porte Sud - Melun',
      status: 'OK',
      terminal: '8798',
      count: 2,
      parsed: true,
      message: "L'ordre de Maj du référentiel Motif(s) de pause pour ce point d'accès a bien été envoyé au Terminal : 8798",
    });
  });

  it('global_vider_iot (no count in this answer)', () => {
    const report = parseTransferReport('global_vider_iot', SPEC_EMPTY);
    expect(report.declaredCount).toBe(1);
    expect(report.accessPoints).toHaveLength(1);
    expect(report.accessPoints[0]).toMatchObject({
      index: 1,
      accessPoint: 'Accès porte Sud - Melun',
      status: 'OK',
      terminal: '8798',
      count: null,
      parsed: true,
      message: "L'ordre de vidage des listes [utilisateurs] et [motifs de pause] pour ce point d'accès a bien été envoyé au Terminal : 8798",
    });
  });

  const SPEC_INFO: Record<string, unknown> = {
    index: 1,
    accessPoint: 'Accès porte Sud - Melun',
    readAt: '2019-02-21T17:03:47',
    serial: '8798',
    timeZone: 'France',
    status: 'ONLINE',
    ip: '92.154.74.241',
    lastScan: '2019-02-21T17:02:51',
    usersLoaded: 25,
    reasonsLoaded: 2,
    parsed: true,
  };

  it('global_get_infos_iot, as printed (line breaks between items)', () => {
    const report = parseTerminalInfoReport(SPEC_INFOS);
    expect(report.declaredCount).toBe(1);
    expect(report.accessPoints).toHaveLength(1);
    expect(report.accessPoints[0]).toEqual({ ...SPEC_INFO, raw: SPEC_INFOS.slice(SPEC_INFOS.indexOf('1/1)')) });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['<br> tags', '<br>'],
    ['<br /> tags', '<br />'],
    ['one line', ' '],
  ])('global_get_infos_iot, items separated by %s', (_name, sep) => {
    const report = parseTerminalInfoReport(SPEC_INFO_ITEMS.join(sep));
    expect(report.accessPoints[0]).toMatchObject(SPEC_INFO);
  });
});

describe('global_* functions: beyond the examples', () => {
  it('reads an answer for two access points, one of them offline', () => {
    const text =
      "NOMBRE DE POINT D'ACCES pour transfert [ utilisateur(s) ] : 2 " +
      "1/2) *** POINT D'ACCES -> Accès porte Sud - Melun : OK;L'ordre de Maj du référentiel RH pour ce point d'accès a bien été envoyé au Terminal : 8798; Nombre d'utilisateurs(s) traité : 25 " +
      "2/2) *** POINT D'ACCES -> Quai : livraisons : KO;Le terminal 9112 n'est pas connecté à Festime";
    const report = parseTransferReport('global_transfert_to_iot_utilisateurs', text);
    expect(report.declaredCount).toBe(2);
    expect(report.accessPoints.map((ap) => [ap.index, ap.accessPoint, ap.status, ap.terminal, ap.count, ap.parsed])).toEqual([
      [1, 'Accès porte Sud - Melun', 'OK', '8798', 25, true],
      [2, 'Quai : livraisons', 'KO', '9112', null, true],
    ]);
    expect(report.accessPoints[1]!.message).toBe("Le terminal 9112 n'est pas connecté à Festime");
  });

  it('keeps a part it cannot read, raw, beside the parts it can', () => {
    const text = `NOMBRE DE POINT D'ACCES A VIDER : 2 ${SPEC_EMPTY.slice(SPEC_EMPTY.indexOf('1/1)')).replace('1/1)', '1/2)')} 2/2) *** POINT D'ACCES -> Quai nord : Erreur interne du serveur`;
    const report = parseTransferReport('global_vider_iot', text);
    expect(report.accessPoints).toHaveLength(2);
    expect(report.accessPoints[0]).toMatchObject({ accessPoint: 'Accès porte Sud - Melun', status: 'OK', terminal: '8798', parsed: true });
    expect(report.accessPoints[1]).toMatchObject({
      index: 2,
      accessPoint: 'Quai nord',
      status: 'unknown',
      parsed: false,
      raw: "2/2) *** POINT D'ACCES -> Quai nord : Erreur interne du serveur",
    });
  });

  it('reads the terminal infos of two access points, the second one unreadable', () => {
    const first = SPEC_INFO_ITEMS.join('\r\n').replace(': 1 1/1)', ': 2 1/2)');
    const text = `${first} 2/2) *** POINT D'ACCES -> Accueil bureaux : Terminal injoignable`;
    const report = parseTerminalInfoReport(text);
    expect(report.declaredCount).toBe(2);
    expect(report.accessPoints).toHaveLength(2);
    expect(report.accessPoints[0]).toMatchObject({ index: 1, serial: '8798', status: 'ONLINE', usersLoaded: 25, reasonsLoaded: 2, parsed: true });
    expect(report.accessPoints[1]).toMatchObject({
      index: 2,
      accessPoint: 'Accueil bureaux',
      serial: null,
      status: null,
      parsed: false,
      raw: "2/2) *** POINT D'ACCES -> Accueil bureaux : Terminal injoignable",
    });
  });

  it.each([
    ['global_transfert_to_iot_utilisateurs', (t: string) => parseTransferReport('global_transfert_to_iot_utilisateurs', t)],
    ['global_vider_iot', (t: string) => parseTransferReport('global_vider_iot', t)],
    ['global_get_infos_iot', (t: string) => parseTerminalInfoReport(t)],
  ])('%s: a whole answer "KO;…" is Festime refusing', (_name, parse) => {
    const error = errorOf(() => parse('KO;Identifiant ou mot de passe incorrect;gmansard'));
    expect(error).toBeInstanceOf(FestimeRefusedError);
    expect((error as FestimeRefusedError).festimeText).toBe('Identifiant ou mot de passe incorrect');
    expect((error as FestimeRefusedError).festimeRemark).toBe('gmansard');
  });

  it('says a web page is a web page', () => {
    const error = expectBadAnswer(() => parseTerminalInfoReport('<!DOCTYPE html><html><head><title>Runtime Error</title></head><body></body></html>'), 'html');
    // A page's words are not Festime's: its title could quote the request, so it is not repeated.
    expect(error.params).toEqual({});
    expect(error.localized('en')).not.toContain('Runtime Error');
  });
});

describe('pointage: what a legacy server may add or change', () => {
  it.each([
    ['a trailing ";" on every record', answer([[...LEGEND, ''], ...RECORD_FIELDS.map((f) => [...f, ''])])],
    ['a trailing ";" on the records only', answer([LEGEND, ...RECORD_FIELDS.map((f) => [...f, ''])])],
    ['the last record ended by "~"', `${SPEC_ONE_LINE}~`],
    ['the last record ended by "~" and a line break', `${SPEC_ONE_LINE}~\r\n`],
    ['CRLF after each "~"', answer([LEGEND, ...RECORD_FIELDS], '~\r\n')],
    ['LF after each "~"', answer([LEGEND, ...RECORD_FIELDS], '~\n')],
    ['CRLF before and after each "~"', answer([LEGEND, ...RECORD_FIELDS], '\r\n~\r\n')],
    ['spaces around each "~"', answer([LEGEND, ...RECORD_FIELDS], ' ~ ')],
    ['blank lines before and after the data', `\r\n\r\n${SPEC_ONE_LINE}\r\n\r\n`],
    ['a UTF-8 byte-order mark', `\uFEFF${SPEC_ONE_LINE}`],
    ['a byte-order mark and the spec’s wrapping', `\uFEFF${SPEC_PUNCH_ANSWER}`],
    ['an unknown column first', withExtraColumn(0, 'code_badge', 'B-17')],
    ['an unknown column in the middle', withExtraColumn(6, 'Matricule', 'M 0042')],
    ['an unknown column last', withExtraColumn(LEGEND.length, 'code_site', 'MEL')],
    ['the columns in reverse order', reshaped((c) => [...c].reverse())],
    ['the columns in another order', reshaped((c) => [...c.slice(10), ...c.slice(0, 10)])],
    ['the legend in capitals', answer([LEGEND.map((n) => n.toUpperCase()), ...RECORD_FIELDS])],
    ['no horodatage column (the date from jour … seconde)', withoutColumn('horodatage')],
    [
      'a page appended after a line break',
      `${SPEC_ONE_LINE}\r\n<!DOCTYPE html>\r\n<html><head><title>webapi</title></head><body><form method="post" action="./webapi.aspx"></form></body></html>`,
    ],
    ['a page appended right after the last field', `${SPEC_ONE_LINE}<!DOCTYPE html><html><body></body></html>`],
    ['a page appended after the last "~"', `${SPEC_ONE_LINE}~<html>\r\n<head><title>webapi</title></head></html>`],
  ])('%s', (_name, text) => {
    expect(punchesOf(text)).toEqual(SPEC_PUNCHES);
  });

  it('gives back an unknown column’s name in the legend', () => {
    expect(parsePunchAnswer(withExtraColumn(6, 'Matricule', 'M 0042')).legend).toContain('matricule');
  });

  it.each([
    ['the legend alone', SPEC_LEGEND_LINE],
    ['the legend and "~"', `${SPEC_LEGEND_LINE}~`],
    ['the legend, "~" and a line break', `${SPEC_LEGEND_LINE}~\r\n`],
    ['the legend and a page', `${SPEC_LEGEND_LINE}~\r\n<!DOCTYPE html><html></html>`],
  ])('no punch: %s', (_name, text) => {
    const parsed = parsePunchAnswer(text);
    expect(parsed.punches.toArray()).toEqual([]);
    expect(parsed.legend).toEqual([...PUNCH_LEGEND]);
  });

  it('reads the other movement types, lower case too, and a pause reason', () => {
    const rows = RECORD_FIELDS.map((f) => [...f]);
    rows[0]![6] = 'P';
    rows[0]![7] = '2';
    rows[0]![8] = 'Pause café';
    rows[1]![6] = 'd';
    rows[2]![6] = 'p';
    const punches = punchesOf(answer([LEGEND, ...rows]));
    expect(punches.map((p) => [p.type, p.reasonCode, p.reason])).toEqual([
      ['P', '2', 'Pause café'],
      ['D', '0', ''],
      ['P', '0', ''],
    ]);
  });

  it('keeps names that merely contain markup characters', () => {
    const rows = RECORD_FIELDS.map((f) => [...f]);
    rows[0]![5] = 'O’HARA <Sean> & Cœur';
    rows[2]![18] = 'Porte < 2 & 3 >';
    const punches = punchesOf(answer([LEGEND, ...rows]));
    expect(punches[0]!.name).toBe('O’HARA <Sean> & Cœur');
    expect(punches[2]!.accessPoint).toBe('Porte < 2 & 3 >');
  });

  // A holder name is free text (shared/validation.ts allows '<'): someone testing the holder form
  // with a script tag must not make every later punch answer unreadable, or silently cut.
  it('reads a holder name that looks like an HTML tag, in the middle of the answer', () => {
    const rows = RECORD_FIELDS.map((f) => [...f]);
    rows[1]![5] = "<script>alert('x')</script>";
    const punches = punchesOf(answer([LEGEND, ...rows], '~\r\n'));
    expect(punches.map((p) => p.name)).toEqual(['ADONIS Alain', "<script>alert('x')</script>", 'BOILLARD Jean']);
  });

  it('reads an access point name that looks like an HTML comment, in the last record', () => {
    const rows = RECORD_FIELDS.map((f) => [...f]);
    for (const row of rows) row[18] = 'Porte <!-- provisoire -->';
    const punches = punchesOf(answer([LEGEND, ...rows], '~\r\n'));
    expect(punches.map((p) => p.accessPoint)).toEqual(Array(3).fill('Porte <!-- provisoire -->'));
  });
});

describe('pointage: answers that must be refused, saying why', () => {
  it.each([
    ['nothing', ''],
    ['blank lines', ' \r\n\r\n '],
    ['a byte-order mark alone', '\uFEFF'],
  ])('empty: %s', (_name, text) => {
    expectBadAnswer(() => parsePunchAnswer(text), 'empty');
  });

  it.each([
    ['an ASP.NET error page', '<!DOCTYPE html>\r\n<html><head><title>Erreur d’exécution</title></head><body><h1>Erreur du serveur</h1></body></html>'],
    ['a page after blank lines and a BOM', '\uFEFF\r\n\r\n<html>\r\n<head><title>Erreur d’exécution</title></head></html>'],
  ])('html: %s', (_name, text) => {
    const error = expectBadAnswer(() => parsePunchAnswer(text), 'html');
    expect(error.params).toEqual({});
    expect(error.localized('fr')).not.toContain('Erreur d’exécution');
  });

  it.each(['uid_utilisateur', 'nompren_utilisateur'])('missing-column: no %s', (column) => {
    expectBadAnswer(() => parsePunchAnswer(withoutColumn(column)), 'missing-column', { column });
  });

  it('missing-column: neither horodatage nor the date parts', () => {
    expectBadAnswer(() => parsePunchAnswer(withoutColumn('horodatage', 'jour')), 'missing-column', { column: 'horodatage' });
  });

  it('unknown-legend: a legend with other names', () => {
    const text = 'idpointage;uid;nom;mouvement;date~95;70;ADONIS Alain;A;08/01/2019 14:02:45~';
    expectBadAnswer(() => parsePunchAnswer(text), 'unknown-legend');
  });

  // Records separated by line breaks only: read as they are, they would be no punch at all (all in
  // the legend) or one punch per "~": every other one missed, then taken as removed at Festime.
  it.each([
    ['CRLF between all lines, no "~"', answer([LEGEND, ...RECORD_FIELDS], '\r\n')],
    ['LF between all lines, no "~"', answer([LEGEND, ...RECORD_FIELDS], '\n')],
    ['the legend ended by "~", the records by CRLF', `${SPEC_LEGEND_LINE}~\r\n${SPEC_RECORDS.join('\r\n')}\r\n`],
    ['records by CRLF, a "~" at the end', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS.join('\r\n')}~`],
    ['one pair of records joined by CRLF', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS[0]}~${SPEC_RECORDS[1]}\r\n${SPEC_RECORDS[2]}`],
  ])('not-separated: %s', (_name, text) => {
    expectBadAnswer(() => parsePunchAnswer(text), 'not-separated');
  });

  it('missing-column: the spec legend without code_mvt', () => {
    expectBadAnswer(() => parsePunchAnswer(withoutColumn('code_mvt')), 'missing-column', { column: 'code_mvt' });
  });

  it.each([
    ['in the middle of a name', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS[0]}~7;ESPACE DE MELUN;;96;221342634;ANOUBA Fé`],
    ['just after "~"', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS[0]}~7;ESPA`],
    ['between date and time', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS[0]}~${SPEC_RECORDS[1]!.slice(0, SPEC_RECORDS[1]!.indexOf('14:59'))}`],
    // All the fields the parser needs are there, but the access point is cut: storing
    // "Accès porte Sud - Mel" (or nothing) for that punch would be wrong for good.
    ['in the middle of the access point', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS[0]}~${SPEC_RECORDS[1]!.slice(0, SPEC_RECORDS[1]!.indexOf(' - Melun'))}`],
    ['after the terminal serial', `${SPEC_LEGEND_LINE}~${SPEC_RECORDS[0]}~${SPEC_RECORDS[1]!.slice(0, SPEC_RECORDS[1]!.indexOf('8798;') + 4)}`],
  ])('truncated: the last record cut %s', (_name, text) => {
    expectBadAnswer(() => parsePunchAnswer(text), 'truncated');
  });

  function withField(record: number, column: number, value: string): string {
    const rows = RECORD_FIELDS.map((f) => [...f]);
    rows[record]![column] = value;
    return answer([LEGEND, ...rows]);
  }

  it.each([
    ['code_mvt "X"', withField(1, 6, 'X'), { record: 2, field: 'code_mvt', value: 'X' }],
    ['code_mvt "AD"', withField(1, 6, 'AD'), { record: 2, field: 'code_mvt', value: 'AD' }],
    ['code_mvt empty', withField(0, 6, ''), { record: 1, field: 'code_mvt' }],
    ['id_pointage "9a5"', withField(0, 3, '9a5'), { record: 1, field: 'id_pointage', value: '9a5' }],
    ['id_pointage "-96"', withField(1, 3, '-96'), { record: 2, field: 'id_pointage', value: '-96' }],
    ['id_pointage empty', withField(2, 3, ''), { record: 3, field: 'id_pointage' }],
    ['31 February', withField(0, 10, '31/02/2019 14:02:45'), { record: 1, field: 'horodatage', value: '31/02/2019 14:02:45' }],
    ['29 February of a common year', withField(0, 10, '29/02/2019 14:02:45'), { record: 1, field: 'horodatage' }],
    ['25 o’clock', withField(2, 10, '09/01/2019 25:56:48'), { record: 3, field: 'horodatage' }],
    ['a date without time', withField(1, 10, '08/01/2019'), { record: 2, field: 'horodatage' }],
    ['an ISO date', withField(1, 10, '2019-01-08T14:59:42'), { record: 2, field: 'horodatage' }],
  ])('malformed-record: %s', (_name, text, params) => {
    expectBadAnswer(() => parsePunchAnswer(text), 'malformed-record', params);
  });

  it('malformed-record: a record short of required fields in the middle of the answer', () => {
    const text = `${SPEC_LEGEND_LINE}~7;ESPACE DE MELUN;;95~${SPEC_RECORDS[1]}`;
    expectBadAnswer(() => parsePunchAnswer(text), 'malformed-record', { record: 1 });
  });

  it('reads a leap day', () => {
    expect(punchesOf(withField(0, 10, '29/02/2024 23:59:59'))[0]!.at).toBe('2024-02-29T23:59:59');
  });

  it('a KO line where punches were expected is Festime refusing', () => {
    const error = errorOf(() => parsePunchAnswer('KO;Identifiant ou mot de passe incorrect;'));
    expect(error).toBeInstanceOf(FestimeRefusedError);
    expect((error as FestimeRefusedError).festimeText).toBe('Identifiant ou mot de passe incorrect');
  });

  it('a KO line after a BOM and before a page is still Festime refusing', () => {
    const error = errorOf(() => parsePunchAnswer('\uFEFFKO;Compte Festime désactivé;\r\n<!DOCTYPE html><html></html>'));
    expect(error).toBeInstanceOf(FestimeRefusedError);
    expect((error as FestimeRefusedError).festimeText).toBe('Compte Festime désactivé');
  });

  // The KO's words are Festime's, not a legend: a remark that echoes a login named "client"
  // must not turn "wrong password" into "a column is missing".
  it('a KO line whose remark happens to be a legend name is still Festime refusing', () => {
    const error = errorOf(() => parsePunchAnswer('KO;Identifiant ou mot de passe incorrect;Client'));
    expect(error).toBeInstanceOf(FestimeRefusedError);
    expect((error as FestimeRefusedError).festimeText).toBe('Identifiant ou mot de passe incorrect');
  });
});

describe('decodeBody', () => {
  const utf8Bytes = new TextEncoder().encode(SPEC_ONE_LINE);

  it.each([
    ['charset=utf-8', 'text/plain; charset=utf-8'],
    ['charset="UTF-8"', 'text/html; charset="UTF-8"'],
    ['charset=utf8', 'text/html;charset=utf8'],
    ['text/html without charset', 'text/html'],
    ['no Content-Type', null],
  ])('UTF-8, %s', (_name, contentType) => {
    const text = decodeBody(utf8Bytes, contentType);
    expect(text).toBe(SPEC_ONE_LINE);
    expect(punchesOf(text)).toEqual(SPEC_PUNCHES);
  });

  it('drops a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Bytes]);
    expect(decodeBody(bytes, 'text/plain; charset=utf-8')).toBe(SPEC_ONE_LINE);
    expect(decodeBody(bytes, null)).toBe(SPEC_ONE_LINE);
  });

  it('reads a UTF-8 view into a larger buffer (a Buffer from a pool) without the bytes around it', () => {
    const backing = new Uint8Array(utf8Bytes.length + 20).fill(0xe9);
    backing.set(utf8Bytes, 10);
    expect(decodeBody(backing.subarray(10, 10 + utf8Bytes.length), null)).toBe(SPEC_ONE_LINE);
  });

  // Names and access points with the characters that windows-1252 puts in 0x80–0x9F.
  const CP1252_TEXT = answer([
    LEGEND,
    ...RECORD_FIELDS.map((f, i) => {
      const row = [...f];
      row[5] = ['CŒUR Benoît', 'D’ARTOIS Zoé', 'ŠTEFAN Jiri'][i]!;
      row[18] = 'Accès « Sud » – Melun € œ';
      return row;
    }),
  ]);
  const cp1252Bytes = new Uint8Array(iconv.encode(CP1252_TEXT, 'windows-1252'));

  it.each([
    ['no Content-Type', null],
    ['text/html without charset', 'text/html'],
    ['a wrong charset=utf-8', 'text/html; charset=utf-8'],
    ['charset=windows-1252', 'text/plain; charset=windows-1252'],
    ['charset=iso-8859-1 (read as windows-1252, as browsers do)', 'text/html; charset=iso-8859-1'],
    ['charset=ISO-8859-1 in capitals', 'text/html; charset=ISO-8859-1'],
  ])('windows-1252 bytes, %s', (_name, contentType) => {
    const text = decodeBody(cp1252Bytes, contentType);
    expect(text).toBe(CP1252_TEXT);
    const punches = punchesOf(text);
    expect(punches.map((p) => p.name)).toEqual(['CŒUR Benoît', 'D’ARTOIS Zoé', 'ŠTEFAN Jiri']);
    expect(punches[0]!.accessPoint).toBe('Accès « Sud » – Melun € œ');
  });

  const high = Array.from({ length: 0x20 }, (_, i) => 0x80 + i);

  it.each([
    ['no Content-Type', null],
    ['a wrong charset=utf-8', 'text/html; charset=utf-8'],
    ['charset=iso-8859-1', 'text/html; charset=iso-8859-1'],
  ])('bytes 0x80–0x9F follow windows-1252 (iconv-lite’s table), %s', (_name, contentType) => {
    for (const byte of high) {
      const bytes = new Uint8Array([0x41, byte, 0x3b, 0x42]);
      expect(decodeBody(bytes, contentType), `byte 0x${byte.toString(16)}`).toBe(iconv.decode(Buffer.from(bytes), 'windows-1252'));
    }
    const named = decodeBody(new Uint8Array([0x80, 0x20, 0x9c, 0x20, 0x92, 0x20, 0x8c, 0x20, 0x9f, 0x20, 0x96]), contentType);
    expect(named).toBe('€ œ ’ Œ Ÿ –');
  });

  // WHATWG Encoding: every latin-1 label means windows-1252, not only "iso-8859-1".
  it('reads the other latin-1 labels (ISO_8859-1, iso8859-1, l1, cp819) as windows-1252 too', () => {
    const bytes = new Uint8Array([0x43, 0x9c, 0x75, 0x72, 0x20, 0x80]);
    for (const label of ['ISO_8859-1', 'iso8859-1', 'l1', 'cp819']) {
      expect(decodeBody(bytes, `text/html; charset=${label}`), label).toBe('Cœur €');
    }
  });

  // A byte-order mark says more about the body than a header set elsewhere (WHATWG BOM sniffing).
  it('reads a body that starts with a UTF-8 byte-order mark as UTF-8, whatever the header says', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Bytes]);
    const text = decodeBody(bytes, 'text/html; charset=iso-8859-1');
    expect(text).toBe(SPEC_ONE_LINE);
    expect(punchesOf(text)).toEqual(SPEC_PUNCHES);
  });
});
