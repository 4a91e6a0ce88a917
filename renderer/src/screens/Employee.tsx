// Employee screen (being built).
import { useTranslation } from 'react-i18next';

export function EmployeeScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="employee-title">
      <div className="screen-head">
        <h2 id="employee-title">{t('ui.employee.title')}</h2>
      </div>
    </section>
  );
}
