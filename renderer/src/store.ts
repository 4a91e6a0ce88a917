// The window's state that several screens share: the app and its accounts, the screen shown, the
// sync (status and progress), messages. Each screen keeps its own data and asks for it by page.
import i18next from 'i18next';
import { create } from 'zustand';
import type { AppHealth, AppInfo, EventPayload, Settings, SyncStatus } from '../../shared/api';
import { call } from './client';
import { describe, setLanguage } from './i18n';
import { setSiteZone } from './format';

export type Screen = 'punches' | 'review' | 'rollcall' | 'holders' | 'terminals' | 'month' | 'settings' | 'employee';

/** The employee page's subject: a holder, the month shown and the day selected (null: the page chooses). */
export interface PersonFocus {
  uid: string;
  month: string | null;
  day: string | null;
  /** The screen the name was clicked on (the page's « Retour »); null: none. */
  from: Screen | null;
}

/**
 * What a notice says, kept as what to write it from when it is shown — an error (translated by
 * describe()), a catalogue key, or several of them said one after the other — never as a text
 * written once: a notice follows a change of language.
 */
export type NoticeMessage = { error: unknown } | { key: string; params?: Record<string, unknown> } | NoticeMessage[];

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  message: NoticeMessage;
}

/** A notice's text in the current language. */
export function noticeText(message: NoticeMessage): string {
  if (Array.isArray(message)) return message.map(noticeText).join(' ');
  if ('error' in message) return describe(message.error);
  return i18next.t(message.key, message.params);
}

interface AppState {
  info: AppInfo | null;
  /** The data could not be opened at start: why, and what the user can do (shown instead of the app). */
  health: AppHealth | null;
  settings: Settings | null;
  screen: Screen;
  /** A holder whose dialog Badgés opens on arriving (a name clicked elsewhere); null: none. */
  focusHolder: string | null;
  /** Whose page « Salarié » shows; null: none opened yet. */
  person: PersonFocus | null;
  /** Open anomalies to check (the navigation's count); null until known. */
  reviewCount: number | null;
  /** Shows the connect form even when an account exists (adding another one). */
  connecting: boolean;
  sync: SyncStatus | null;
  progress: EventPayload<'sync/progress'> | null;
  /** Festime answered the last time we asked (sync, terminals…); null until we know. */
  online: boolean | null;
  notices: Notice[];
  /** Bumped when punches, holders or the timesheet change, so that open screens reload. */
  revision: Record<'punches' | 'holders' | 'timesheet', number>;
  load(): Promise<void>;
  go(screen: Screen): void;
  /** Goes to Badgés with that holder's dialog open. */
  openHolder(uid: string): void;
  /** Goes to that person's page (a name clicked anywhere), on a month and day when given. */
  openPerson(uid: string, day?: string): void;
  setReviewCount(count: number | null): void;
  /** Badgés took the holder to open. */
  holderOpened(): void;
  setConnecting(on: boolean): void;
  /** A notice: `notify('error', { error })` or `notify('info', { key, params })` is written in the language of the moment it is read. */
  notify(kind: Notice['kind'], message: NoticeMessage): void;
  dismiss(id: number): void;
  refreshSync(): Promise<void>;
  /** Runs a sync; true when it succeeded (a failure is said in a notice and in the status bar). */
  runSync(): Promise<boolean>;
  setOnline(online: boolean): void;
  changed(what: EventPayload<'data/changed'>['what']): void;
}

let nextNotice = 1;

export const useApp = create<AppState>((set, get) => ({
  info: null,
  health: null,
  settings: null,
  screen: 'punches',
  focusHolder: null,
  person: null,
  reviewCount: null,
  connecting: false,
  sync: null,
  progress: null,
  online: null,
  notices: [],
  revision: { punches: 0, holders: 0, timesheet: 0 },
  async load() {
    // The data first: a damaged file or a newer version's is said with its remedy, not as a failed load.
    const health = await call('app/health', {});
    set({ health: health.problem ? health : null });
    if (health.problem) return;
    const [info, settings] = await Promise.all([call('app/info', {}), call('settings/get', {})]);
    applySettings(settings);
    set({ info, settings });
    if (info.currentAccountId !== null) await get().refreshSync();
  },
  go: (screen) => set({ screen }),
  openHolder: (uid) => set({ screen: 'holders', focusHolder: uid }),
  holderOpened: () => set({ focusHolder: null }),
  openPerson: (uid, day) =>
    set((s) => ({
      screen: 'employee',
      person: { uid, month: day ? day.slice(0, 7) : null, day: day ?? null, from: s.screen === 'employee' ? (s.person?.from ?? null) : s.screen },
    })),
  setReviewCount: (reviewCount) => set({ reviewCount }),
  setConnecting: (connecting) => set({ connecting }),
  notify(kind, message) {
    const id = nextNotice++;
    set((s) => ({ notices: [...s.notices.slice(-3), { id, kind, message }] }));
    if (kind === 'info') setTimeout(() => get().dismiss(id), 6000);
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  async refreshSync() {
    try {
      const sync = await call('sync/status', {});
      // Festime counts as reachable unless the last run failed on the network.
      set({ sync, online: sync.lastRun ? !sync.lastRun.error?.code.startsWith('network.') : get().online });
    } catch {
      set({ sync: null });
    }
  },
  async runSync() {
    set({ progress: { phase: 'fetch', done: 0, total: 0, from: '', to: '' } });
    try {
      const result = await call('sync/run', { full: false });
      set({ online: true });
      const synced = { key: 'ui.status.synced', params: { added: result.added } };
      get().notify('info', result.conflicts > 0 ? [synced, { key: 'ui.status.conflicts', params: { count: result.conflicts } }] : synced);
      return true;
    } catch (error) {
      get().notify('error', { error });
      return false;
    } finally {
      set({ progress: null });
      await get().refreshSync();
    }
  },
  setOnline: (online) => set({ online }),
  changed(what) {
    if (what === 'settings') {
      void call('settings/get', {}).then((settings) => {
        applySettings(settings);
        set({ settings });
      });
      return;
    }
    // A sync ended, perhaps the automatic one: the status bar shows its outcome.
    if (what === 'sync') {
      // A failed run sends no "done" progress: the end of the run clears the bar.
      set({ progress: null });
      // A first sync may have learnt the site's zone from its terminals.
      void call('settings/get', {}).then((settings) => {
        applySettings(settings);
        set({ settings });
      });
      return void get().refreshSync();
    }
    // Another account: the screens start afresh (App keys them by account).
    if (what === 'accounts') return void get().load();
    set((s) => ({ revision: { ...s.revision, [what]: s.revision[what] + 1 } }));
  },
}));

/** What the settings change outside the store: the language, and the zone dates are shown in. */
function applySettings(settings: Settings): void {
  setLanguage(settings.language);
  setSiteZone(settings.siteZone);
}
