// What payroll receives from the month, side by side, each saying what it is for: the workbook,
// the payroll-variables file, the statements to sign. An employee without a payroll number stops
// the variables file: the window lists who, each name opening that holder's « Contrat et paie ».
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthFigures } from '../../../shared/api';
import type { ExportFormat } from '../../../shared/payroll-export';
import { call, CallError, inBrowser } from '../client';
import { useApp, type NoticeMessage } from '../store';

const OUTPUTS: readonly ExportFormat[] = ['xlsx', 'evp', 'pdf'];

/** Hands a file the bridge made to the browser as a download (in the app, the save dialog already wrote it). */
function download(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}

/** An output made: downloaded in the browser (the app's save dialog already wrote it); what to tell the user. */
export function handOver(r: { download: string | null; savedTo: string | null; fileName: string }, format: ExportFormat): NoticeMessage {
  if (r.download) {
    download(r.download, r.fileName);
    return { key: `ui.outputs.${format}.downloaded`, params: { file: r.fileName } };
  }
  return r.savedTo ? { key: `ui.outputs.${format}.saved`, params: { file: r.savedTo } } : { key: 'ui.month.exportCancelled' };
}

export function MonthOutputs({ month, figures }: { month: string; figures: MonthFigures | null }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const openHolder = useApp((s) => s.openHolder);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  /** Who lacks a payroll number, from the refusal (uids), named as the month lists them. */
  const [missing, setMissing] = useState<{ uid: string; name: string }[] | null>(null);

  const make = async (format: ExportFormat) => {
    setBusy(format);
    setMissing(null);
    try {
      const r = await call('timesheet/export', { month, format });
      notify('info', handOver(r, format));
    } catch (error) {
      if (error instanceof CallError && error.error.code === 'export.missing-matricule') {
        const uids = String(error.error.params.uids ?? '')
          .split(',')
          .filter(Boolean);
        const names = new Map(figures?.holders.map((h) => [h.uid, `${h.nom} ${h.prenom}`]));
        setMissing(uids.map((uid) => ({ uid, name: names.get(uid) ?? uid })));
      } else notify('error', { error });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="outputs" aria-labelledby="outputs-title">
      <h3 id="outputs-title">{t('ui.outputs.title')}</h3>
      <ul>
        {OUTPUTS.map((format) => (
          <li key={format}>
            <button
              type="button"
              className={format === 'xlsx' ? 'primary' : ''}
              disabled={busy !== null}
              aria-describedby={`output-${format}`}
              onClick={() => void make(format)}
            >
              {t(`ui.outputs.${format}.button`)}
              {inBrowser ? '' : '…'}
            </button>
            <p id={`output-${format}`} className="muted">
              {t(`ui.outputs.${format}.what`)}
            </p>
          </li>
        ))}
      </ul>
      {missing && (
        <div role="alert" className="missing-matricule">
          <p>{t('ui.outputs.missing', { count: missing.length })}</p>
          <ul>
            {missing.map((m) => (
              <li key={m.uid}>
                <button type="button" className="link-button" onClick={() => openHolder(m.uid)}>
                  {m.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
