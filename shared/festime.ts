// Domain types of the Festime protocol, shared by the core, the CLI and the renderer.

export type PunchType = 'A' | 'D' | 'P';

/** One punch as Festime sent it. `at` is the terminal's local wall-clock time. */
export interface Punch {
  /** id_pointage: Festime's unique id of the punch. */
  id: number;
  uid: string;
  /** nompren_utilisateur, "NOM Prénom" as Festime shows it. */
  name: string;
  type: PunchType;
  reasonCode: string;
  reason: string;
  /** "YYYY-MM-DDTHH:MM:SS", terminal local time, no offset. */
  at: string;
  terminal: string;
  accessPoint: string;
  clientId: string;
  client: string;
  group: string;
}

/** The keys of `Punch`, in the order the CLI prints them. */
export const PUNCH_KEYS = [
  'id',
  'uid',
  'name',
  'type',
  'reasonCode',
  'reason',
  'at',
  'terminal',
  'accessPoint',
  'clientId',
  'client',
  'group',
] as const satisfies readonly (keyof Punch)[];

/** The 20 legend names of the specification, in its order. */
export const PUNCH_LEGEND = [
  'id_client',
  'client',
  'code_groupe',
  'id_pointage',
  'uid_utilisateur',
  'nompren_utilisateur',
  'code_mvt',
  'code_motif',
  'motif_pause',
  'jour_sem',
  'horodatage',
  'jour',
  'mois',
  'annee',
  'heure',
  'minute',
  'seconde',
  'noserie_terminal',
  'point_acces',
  'code_translation',
] as const;

export type PunchLegendName = (typeof PUNCH_LEGEND)[number];

/** A badge holder as the three holder functions take it. */
export interface HolderInput {
  nom: string;
  prenom: string;
  uid: string;
}

/** `OK;text;remark` or `KO;text;remark`. */
export interface OperationResult {
  ok: boolean;
  text: string;
  remark: string;
}

export type GlobalFunction = 'global_transfert_to_iot_utilisateurs' | 'global_transfert_to_iot_motifs' | 'global_vider_iot' | 'global_get_infos_iot';

/** One access point's part of a global_transfert_* or global_vider_iot answer. */
export interface AccessPointOutcome {
  /** 1-based position given by Festime ("1/2)"). */
  index: number;
  accessPoint: string;
  /** 'unknown' when the part could not be read: see `raw`. */
  status: 'OK' | 'KO' | 'unknown';
  message: string;
  terminal: string | null;
  /** Users or pause reasons processed, when Festime says. */
  count: number | null;
  raw: string;
  parsed: boolean;
}

export interface TransferReport {
  fonction: Exclude<GlobalFunction, 'global_get_infos_iot'>;
  declaredCount: number;
  accessPoints: AccessPointOutcome[];
  raw: string;
}

/** One access point's part of a global_get_infos_iot answer. */
export interface TerminalInfo {
  index: number;
  accessPoint: string;
  /** When Festime read the terminal's state, "YYYY-MM-DDTHH:MM:SS" (server-side local time). */
  readAt: string | null;
  serial: string | null;
  timeZone: string | null;
  /** "ONLINE", "OFFLINE", or whatever Festime says. */
  status: string | null;
  ip: string | null;
  lastScan: string | null;
  usersLoaded: number | null;
  reasonsLoaded: number | null;
  raw: string;
  parsed: boolean;
}

export interface TerminalInfoReport {
  declaredCount: number;
  accessPoints: TerminalInfo[];
  raw: string;
}

export const DEFAULT_SERVER = 'https://festime.mytiming.fr';
