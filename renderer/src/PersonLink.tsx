// A person's name wherever it is shown: opens their page (« Salarié »); a long name is cut, in full in its tooltip.
import { useTranslation } from 'react-i18next';
import { useApp } from './store';

export function PersonLink({ uid, name, day, className }: { uid: string; name: string; day?: string; className?: string }) {
  const { t } = useTranslation();
  const openPerson = useApp((s) => s.openPerson);
  return (
    <button
      type="button"
      className={`link-button person-link${className ? ` ${className}` : ''}`}
      title={name}
      aria-label={t('ui.employee.open', { name })}
      onClick={() => openPerson(uid, day)}
    >
      {name}
    </button>
  );
}
