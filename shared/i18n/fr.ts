// French catalogue: the product's first language. Keys are shared with en.ts (checked by type).

export const fr = {
  field: {
    nom: 'Nom',
    prenom: 'Prénom',
    uid: 'UID (badge)',
    server: 'Serveur',
    login: 'Identifiant',
    date: 'Date',
  },
  errors: {
    festime: {
      refused: 'Festime a refusé la demande : {{text}}',
      badAnswer: {
        html: 'Festime a renvoyé une page web au lieu des données attendues{{detail}}. Réessayez plus tard ; si cela dure, contactez l’assistance Festime.',
        empty: 'Festime a renvoyé une réponse vide. Réessayez plus tard.',
        truncated: 'La réponse de Festime a été coupée avant la fin. Rien n’a été enregistré ; réessayez.',
        'http-status': 'Le serveur Festime a répondu par une erreur HTTP {{status}}. Réessayez plus tard.',
        redirect: 'Le serveur a voulu rediriger la demande ailleurs (HTTP {{status}}) : refusé, pour ne pas y envoyer le mot de passe. Vérifiez l’adresse du serveur.',
        'unknown-legend': 'La réponse de Festime ne commence pas par la légende des pointages attendue : elle ne correspond pas à la spécification.',
        'missing-column': 'La réponse de Festime n’a pas la colonne obligatoire « {{column}} ».',
        'malformed-record': 'L’enregistrement n° {{record}} de la réponse de Festime est illisible (champ « {{field}} » : « {{value}} »).',
        unexpected: 'La réponse de Festime ne correspond pas à la spécification ({{detail}}).',
      },
    },
    network: {
      unreachable: 'Impossible de joindre le serveur Festime ({{host}}). Vérifiez la connexion Internet et l’adresse du serveur.',
      dropped: 'La connexion au serveur Festime ({{host}}) a été coupée avant la réponse. Réessayez dans un moment.',
      tls: 'Le certificat du serveur Festime ({{host}}) n’est pas valide : connexion refusée par sécurité.',
      timeout: 'Le serveur Festime ({{host}}) n’a pas répondu dans les {{seconds}} secondes. Réessayez plus tard.',
      timeoutWrite: 'Le serveur Festime ({{host}}) n’a pas répondu dans les {{seconds}} secondes. La modification a peut-être été faite : vérifiez avant de la renvoyer.',
    },
    cancelled: 'Opération annulée.',
    validation: {
      required: 'Le champ « {{field}} » est obligatoire.',
      tooLong: 'Le champ « {{field}} » est trop long ({{max}} caractères au plus).',
      forbidden: 'Le champ « {{field}} » contient un caractère interdit ({{chars}}).',
      date: 'Le champ « {{field}} » doit être une date AAAA-MM-JJ valide.',
    },
    config: {
      server: 'Adresse de serveur refusée : « {{server}} ». Utilisez https://…, ou http:// seulement vers cet ordinateur (127.0.0.1).',
    },
    secrets: {
      unavailable: 'Aucun trousseau du système n’est disponible pour y garder le mot de passe ({{detail}}). Sous Linux, installez et démarrez un service « Secret Service » (gnome-keyring ou KeePassXC). Le mot de passe n’est jamais écrit dans un fichier.',
      missing: 'Aucun mot de passe enregistré pour {{login}} sur {{server}}. Lancez « festime-desk login ».',
    },
    internal: 'Erreur inattendue : {{detail}}',
  },
} as const;
