// The window's texts when the data cannot be opened at start, French. Same keys in ui-start-en.ts (checked by type).
export const uiStartFr = {
  heading: 'Festime Desk ne peut pas ouvrir vos données',
  damaged: {
    title: 'La base de données est endommagée',
    body: 'Le fichier {{file}} ne passe pas le contrôle d’intégrité ({{detail}}). Il n’a pas été modifié. Restaurez la dernière sauvegarde : le fichier endommagé est gardé à côté, et les pointages encore chez Festime (90 jours) reviennent à la synchronisation suivante.',
  },
  future: {
    title: 'Ces données viennent d’une version plus récente',
    body: 'Elles ont été écrites par une version plus récente de Festime Desk (schéma {{found}} ; la version {{version}} installée ici connaît le schéma {{known}}). Rien n’a été ouvert ni modifié, pour ne pas les abîmer.',
  },
  install: {
    title: 'Festime Desk est mal installé',
  },
  other: {
    title: 'Les données ne s’ouvrent pas pour le moment',
  },
  remedy: {
    update: 'Installez la version de Festime Desk qui a écrit ces données, ou une plus récente, puis rouvrez-la : tout y sera.',
    reinstall: 'Réinstallez Festime Desk (la même version ou une plus récente), puis rouvrez-le. Vos données restent où elles sont.',
    restore: 'Restaurer la sauvegarde du {{day}}',
    restoreOlder: 'Ou restaurer la sauvegarde du {{day}}, faite par cette version : ce qui a été fait depuis avec la version plus récente sera perdu.',
    restoreOlderButton: 'Restaurer la sauvegarde du {{day}} quand même',
    retry: 'Réessayer',
  },
  restoring: 'Restauration…',
  restored: 'Sauvegarde du {{day}} restaurée. L’ancien fichier est gardé : {{kept}}.',
  stillFailing: 'Vérifié de nouveau à {{time}} : toujours le même problème.',
  where: 'Dossier de données : {{dataDir}}',
  logs: 'Journaux : {{logDir}}',
  version: 'Version {{version}}',
};
