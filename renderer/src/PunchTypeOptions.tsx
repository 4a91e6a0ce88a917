// The three kinds of punch as a select's options, in the language of the moment.
import { useTranslation } from 'react-i18next';

export const PUNCH_TYPES = ['A', 'D', 'P'] as const;

export function PunchTypeOptions() {
  const { t } = useTranslation();
  return PUNCH_TYPES.map((k) => (
    <option key={k} value={k}>
      {t(`ui.punches.type.${k}`)}
    </option>
  ));
}
