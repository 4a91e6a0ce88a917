// A person's name wherever it is shown: opens their page (« Salarié »); a long name is cut, in full in its tooltip.
import { useTranslation } from 'react-i18next';
import { useApp } from './store';

/** `name` is what the cell shows; `fullName` (default: `name`) is what the tooltip and a screen reader say. */
export function PersonLink({ uid, name, fullName = name, day, className }: { uid: string; name: string; fullName?: string; day?: string; className?: string }) {
  const { t } = useTranslation();
  const openPerson = useApp((s) => s.openPerson);
  return (
    <button
      type="button"
      className={`link-button person-link${className ? ` ${className}` : ''}`}
      title={fullName}
      aria-label={t('ui.employee.open', { name: fullName })}
      onClick={() => openPerson(uid, day)}
    >
      {name}
    </button>
  );
}
