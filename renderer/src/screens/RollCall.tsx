// RollCall screen (being built).
import { useTranslation } from 'react-i18next';

export function RollCallScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="rollcall-title">
      <div className="screen-head">
        <h2 id="rollcall-title">{t('ui.rollcall.title')}</h2>
      </div>
    </section>
  );
}
