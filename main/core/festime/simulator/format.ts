// Festime's answer texts, written as the specification shows them. Used by the simulator, the
// tests and the benchmark: one writer, so what the parser reads is what the simulator sends.
import { PUNCH_LEGEND, type Punch } from '../../../../shared/festime';

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** "YYYY-MM-DDTHH:MM:SS" → "DD/MM/YYYY HH:MM:SS". */
export function frenchDateTime(at: string): string {
  return `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 19)}`;
}

/** Every legend field of one punch, in legend order (the derived ones computed as Festime does). */
export function punchFields(p: Punch): Record<(typeof PUNCH_LEGEND)[number], string> {
  const weekday = WEEKDAYS[new Date(`${p.at.slice(0, 10)}T12:00:00Z`).getUTCDay()]!;
  return {
    id_client: p.clientId,
    client: p.client,
    code_groupe: p.group,
    id_pointage: String(p.id),
    uid_utilisateur: p.uid,
    nompren_utilisateur: p.name,
    code_mvt: p.type,
    code_motif: p.reasonCode,
    motif_pause: p.reason,
    jour_sem: weekday,
    horodatage: frenchDateTime(p.at),
    jour: String(Number(p.at.slice(8, 10))),
    mois: String(Number(p.at.slice(5, 7))),
    annee: p.at.slice(0, 4),
    heure: String(Number(p.at.slice(11, 13))),
    minute: String(Number(p.at.slice(14, 16))),
    seconde: String(Number(p.at.slice(17, 19))),
    noserie_terminal: p.terminal,
    point_acces: p.accessPoint,
    code_translation: '',
  };
}

export interface PunchAnswerStyle {
  /** Column order; may hold names the specification does not know (values then empty). */
  legend?: readonly string[];
  /** Between records; the specification's example shows "~" then a line break. */
  separator?: string;
  /** End the last record with the separator too. */
  trailingSeparator?: boolean;
  /** End each record with an extra ";". */
  trailingSemicolon?: boolean;
}

/** A whole `pointage` answer: the legend record, then one record per punch. */
export function formatPunchAnswer(punches: readonly Punch[], style: PunchAnswerStyle = {}): string {
  const legend = style.legend ?? PUNCH_LEGEND;
  const sep = style.separator ?? '~\r\n';
  const tail = style.trailingSemicolon ? ';' : '';
  const records = [legend.join(';') + tail];
  for (const p of punches) {
    const fields = punchFields(p) as Record<string, string>;
    records.push(legend.map((name) => fields[name] ?? '').join(';') + tail);
  }
  return records.join(sep) + (style.trailingSeparator ? sep : '');
}

export function resultLine(ok: boolean, text: string, remark: string): string {
  return `${ok ? 'OK' : 'KO'};${text};${remark}`;
}

export interface AccessPointState {
  name: string;
  serial: string;
  timeZone: string;
  online: boolean;
  ip: string;
  /** Seconds between the terminal's last scan and now. */
  lastScanAgeSeconds: number;
  /** A fixed last scan ("YYYY-MM-DDTHH:MM:SS", terminal time) instead of the age: a terminal offline since then. */
  lastScanAt?: string;
  usersLoaded: number;
  reasonsLoaded: number;
}

function parts(header: string, points: readonly AccessPointState[], part: (ap: AccessPointState) => string): string {
  const n = points.length;
  const body = points.map((ap, i) => `${i + 1}/${n}) *** POINT D'ACCES -> ${ap.name} : ${part(ap)}`);
  return [`${header} : ${n}`, ...body].join(' ');
}

const offline = (ap: AccessPointState) => `KO;Le terminal ${ap.serial} n'est pas connecté à Festime : ordre non envoyé`;

export function formatTransferUsers(points: readonly AccessPointState[], users: number): string {
  return parts("NOMBRE DE POINT D'ACCES pour transfert [ utilisateur(s) ]", points, (ap) =>
    ap.online
      ? `OK;L'ordre de Maj du référentiel RH pour ce point d'accès a bien été envoyé au Terminal : ${ap.serial}; Nombre d'utilisateurs(s) traité : ${users}`
      : offline(ap),
  );
}

export function formatTransferReasons(points: readonly AccessPointState[], reasons: number): string {
  return parts("NOMBRE DE POINT D'ACCES pour transfert [ motif(s) pause ]", points, (ap) =>
    ap.online
      ? `OK;L'ordre de Maj du référentiel Motif(s) de pause pour ce point d'accès a bien été envoyé au Terminal : ${ap.serial}; Nombre de motif(s) traité : ${reasons}`
      : offline(ap),
  );
}

export function formatEmpty(points: readonly AccessPointState[]): string {
  return parts("NOMBRE DE POINT D'ACCES A VIDER", points, (ap) =>
    ap.online
      ? `OK;L'ordre de vidage des listes [utilisateurs] et [motifs de pause] pour ce point d'accès a bien été envoyé au Terminal : ${ap.serial}`
      : offline(ap),
  );
}

/** `now` and the scan time are given as "YYYY-MM-DDTHH:MM:SS" local times. */
export function formatInfos(points: readonly AccessPointState[], now: string, lastScan: (ap: AccessPointState) => string): string {
  return parts("NOMBRE DE POINT D'ACCES", points, (ap) =>
    [
      `[Infos du dispositif de pointage le ${frenchDateTime(now)}]`,
      `- No de série du terminal : ${ap.serial}`,
      `- Fuseau horaire paramétré : ${ap.timeZone}`,
      `- Statut de connexion du terminal : ${ap.online ? 'ONLINE' : 'OFFLINE'}`,
      `- Adresse IP publique (FAI) du terminal : ${ap.ip}`,
      `- Dernier Scan connexion du terminal : ${frenchDateTime(lastScan(ap))}`,
      `- Nombre d'utilisateur(s) chargé sur le terminal : ${ap.usersLoaded} - Nombre de motif(s) de pause chargé sur le terminal : ${ap.reasonsLoaded}`,
    ].join('\r\n'),
  );
}
