// The application menu, in the app's language (French first).
import type { MenuItemConstructorOptions } from 'electron';
import { translate, type Lang } from '../../shared/i18n';

export function menuTemplate(lang: Lang, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const t = (key: string) => translate(lang, `menu.${key}`);
  const template: MenuItemConstructorOptions[] = [
    { label: t('file'), submenu: [platform === 'darwin' ? { role: 'close', label: t('close') } : { role: 'quit', label: t('quit') }] },
    {
      label: t('edit'),
      submenu: [
        { role: 'undo', label: t('undo') },
        { role: 'redo', label: t('redo') },
        { type: 'separator' },
        { role: 'cut', label: t('cut') },
        { role: 'copy', label: t('copy') },
        { role: 'paste', label: t('paste') },
        { role: 'selectAll', label: t('selectAll') },
      ],
    },
    {
      label: t('view'),
      submenu: [
        { role: 'reload', label: t('reload') },
        { type: 'separator' },
        { role: 'resetZoom', label: t('resetZoom') },
        { role: 'zoomIn', label: t('zoomIn') },
        { role: 'zoomOut', label: t('zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('fullscreen') },
      ],
    },
    { label: t('window'), submenu: [{ role: 'minimize', label: t('minimize') }] },
  ];
  if (platform === 'darwin') template.unshift({ role: 'appMenu', label: 'Festime Desk' });
  return template;
}
