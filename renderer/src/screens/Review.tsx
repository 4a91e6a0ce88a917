// Review screen (being built).
import { useTranslation } from 'react-i18next';

export function ReviewScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="review-title">
      <div className="screen-head">
        <h2 id="review-title">{t('ui.review.title')}</h2>
      </div>
    </section>
  );
}
