// Pointages: the cache, a page at a time (never the whole set in the window), virtualised, with
// filters, sort, count and markers; beside it who is on site now and presence per hour.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HolderRow, MethodInput, PunchRow } from '../../../shared/api';
import { call } from '../client';
import { localDateTime, siteToday } from '../format';
import { useApp } from '../store';
import { Presence } from './Presence';
import { PersonLink } from '../PersonLink';
import { PunchTypeOptions } from '../PunchTypeOptions';

const PAGE = 200;
const ROW_HEIGHT = 34;
/**
 * The most rows the list holds: a browser cannot scroll further than some 30 million pixels (about
 * 900 000 rows), and laying out millions of rows costs the window a pause at each new filter. The
 * count says how many match; the other end of a longer list is one click away (the other order).
 */
export const LISTED_MAX = 100_000;
type Filter = Omit<MethodInput<'punches/query'>, 'offset' | 'limit'>;

export function PunchesScreen() {
  const { t, i18n } = useTranslation();
  const revision = useApp((s) => s.revision.punches + s.revision.timesheet);
  const notify = useApp((s) => s.notify);
  const [filter, setFilter] = useState<Filter>({ order: 'desc' });
  const [text, setText] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, PunchRow[]>>(new Map());
  const [holders, setHolders] = useState<HolderRow[]>([]);
  const [accessPoints, setAccessPoints] = useState<string[]>([]);
  const asked = useRef(new Set<number>());
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  // The text search waits for a pause in typing.
  useEffect(() => {
    // The same search (a reset already cleared it) keeps the filter as it is: no second query.
    const timer = setTimeout(() => {
      const next = text.trim() || undefined;
      setFilter((f) => (f.text === next ? f : { ...f, text: next }));
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  // The list asks for the filter once the controls settle: several set in one go (a person and a
  // month, a reset) are one query, not one per control whose answers the window would wait behind.
  const queried = useDeferredValue(filter);
  const loadPage = useCallback(
    async (page: number, gen: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      try {
        // With the punches added by payroll corrections, tagged, in their place.
        const result = await call('punches/query', { ...queried, offset: page * PAGE, limit: PAGE, added: true });
        if (gen !== generation.current) return;
        if (result.total !== null) setTotal(result.total);
        setPages((prev) => new Map(prev).set(page, result.rows));
      } catch (error) {
        if (gen !== generation.current) return;
        asked.current.delete(page);
        notify('error', { error });
      }
    },
    [queried, notify],
  );

  const count = total ?? 0;
  const listed = Math.min(count, LISTED_MAX);
  const virtual = useVirtualizer({ count: listed, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtual.getVirtualItems();

  // A new filter starts again at the top; new data (a sync, a correction) keeps the place in the
  // list and reloads the pages in view.
  const lastLoader = useRef(loadPage);
  useEffect(() => {
    generation.current += 1;
    asked.current = new Set();
    setPages(new Map());
    const newFilter = lastLoader.current !== loadPage;
    lastLoader.current = loadPage;
    const shown = virtual.getVirtualItems();
    if (newFilter || shown.length === 0) {
      scroller.current?.scrollTo({ top: 0 });
      void loadPage(0, generation.current);
      return;
    }
    // Page 0 too: it brings the new total.
    void loadPage(0, generation.current);
    for (let p = Math.floor(shown[0]!.index / PAGE); p <= Math.floor(shown[shown.length - 1]!.index / PAGE); p++) void loadPage(p, generation.current);
  }, [loadPage, revision, virtual]);

  // After the first page has been asked for: the rows come first, the filter lists next.
  useEffect(() => {
    void call('holders/list', {})
      .then(setHolders)
      .catch(() => setHolders([]));
    void call('punches/access-points', {})
      .then(setAccessPoints)
      .catch(() => setAccessPoints([]));
  }, [revision]);

  useEffect(() => {
    const first = items[0]?.index;
    const last = items[items.length - 1]?.index;
    if (first === undefined || last === undefined) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) void loadPage(p, generation.current);
  }, [items, loadPage]);

  const rowAt = (i: number): PunchRow | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  // 500 options: built once per register change, not at every render of the table.
  const peopleOptions = useMemo(
    () =>
      [...holders]
        .sort((a, b) => `${a.nom} ${a.prenom}`.localeCompare(`${b.nom} ${b.prenom}`, 'fr'))
        .map((h) => (
          <option key={h.uid} value={h.uid}>
            {h.nom} {h.prenom} ({h.uid})
          </option>
        )),
    [holders],
  );
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  const cols = ['at', 'name', 'uid', 'type', 'reason', 'accessPoint', 'marks'] as const;

  return (
    <div className="punches-layout">
      <section className="punches-main" aria-labelledby="punches-title">
        <h2 id="punches-title">{t('ui.punches.title')}</h2>
        <form className="filters" role="search" aria-label={t('ui.punches.filters')} onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('ui.punches.from')}
            <input type="date" value={filter.from ?? ''} max={siteToday()} onChange={(e) => set({ from: e.target.value || undefined })} />
          </label>
          <label>
            {t('ui.punches.to')}
            <input type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
          </label>
          <label>
            {t('ui.punches.person')}
            <select value={filter.uid ?? ''} onChange={(e) => set({ uid: e.target.value || undefined })}>
              <option value="">{t('ui.punches.anyPerson')}</option>
              {peopleOptions}
            </select>
          </label>
          <label>
            {t('ui.punches.typeLabel')}
            <select value={filter.type ?? ''} onChange={(e) => set({ type: (e.target.value || undefined) as Filter['type'] })}>
              <option value="">{t('ui.punches.anyType')}</option>
              <PunchTypeOptions />
            </select>
          </label>
          <label>
            {t('ui.punches.accessPoint')}
            <select value={filter.accessPoint ?? ''} onChange={(e) => set({ accessPoint: e.target.value || undefined })}>
              <option value="">{t('ui.punches.anyAccessPoint')}</option>
              {accessPoints.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('ui.punches.search')}
            <input type="search" value={text} placeholder={t('ui.punches.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />
          </label>
          <label>
            {t('ui.punches.sort')}
            <select value={filter.order} onChange={(e) => set({ order: e.target.value as 'asc' | 'desc' })}>
              <option value="desc">{t('ui.punches.sortNewest')}</option>
              <option value="asc">{t('ui.punches.sortOldest')}</option>
            </select>
          </label>
          <button
            type="button"
            onClick={() => {
              setText('');
              setFilter({ order: 'desc' });
            }}
          >
            {t('ui.punches.reset')}
          </button>
        </form>
        <p className="count">
          <span role="status" data-testid="punch-count">
            {total === null ? t('ui.common.loading') : t('ui.punches.count', { count, n: count.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR') })}
          </span>
          {count > listed && (
            <span className="listed-cap"> — {t('ui.punches.listedCap', { n: listed.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR') })}</span>
          )}
        </p>
        <div className="vtable" role="table" aria-label={t('ui.punches.table')} aria-rowcount={listed + 1}>
          <div role="rowgroup" className="vhead">
            <div role="row" className="vrow punch-cols" aria-rowindex={1}>
              {cols.map((c) => (
                <div key={c} role="columnheader">
                  {t(`ui.punches.col.${c}`)}
                </div>
              ))}
            </div>
          </div>
          {/* The scroller is the rows' group (reachable with the keyboard to scroll); the sized box inside only places them. */}
          <div ref={scroller} className="vbody" role="rowgroup" tabIndex={0} aria-label={t('ui.punches.table')}>
            {total === 0 && (
              <div role="row" className="empty">
                <div role="cell">{t('ui.punches.empty')}</div>
              </div>
            )}
            <div role="presentation" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={`vrow punch-cols${row?.removedUpstream ? ' removed' : ''}${row?.ignored ? ' ignored' : ''}${row?.added ? ' added' : ''}`}
                    style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: '100%' }}
                  >
                    {row ? (
                      <>
                        <div role="cell">{localDateTime(row.at)}</div>
                        <div role="cell">
                          <PersonLink uid={row.uid} name={row.name} day={row.at.slice(0, 10)} />
                        </div>
                        <div role="cell">{row.uid}</div>
                        <div role="cell">
                          <span className={`type type-${row.type}`}>{t(`ui.punches.type.${row.type}`)}</span>
                        </div>
                        <div role="cell" title={row.reason || undefined}>
                          {row.reason}
                        </div>
                        <div role="cell" title={row.accessPoint || undefined}>
                          {row.accessPoint}
                        </div>
                        <div role="cell">
                          {row.removedUpstream && <span className="mark mark-removed">{t('ui.punches.removed')}</span>}
                          {row.ignored && <span className="mark mark-ignored">{t('ui.punches.ignored')}</span>}
                          {row.added && (
                            <span className="mark mark-added" title={row.added.comment}>
                              {t('ui.punches.added')} — « {row.added.comment} »
                            </span>
                          )}
                        </div>
                      </>
                    ) : (
                      <div role="cell" className="placeholder">
                        …
                      </div>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </section>
      <Presence revision={revision} />
    </div>
  );
}
