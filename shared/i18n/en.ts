// English catalogue, the product's second language. Same keys as fr.ts.
import type { Catalogue } from './index';

export const en: Catalogue = {
  field: {
    nom: 'Last name',
    prenom: 'First name',
    uid: 'UID (badge)',
    server: 'Server',
    login: 'Login',
    date: 'Date',
  },
  errors: {
    festime: {
      refused: 'Festime refused the request: {{text}}',
      badAnswer: {
        html: 'Festime sent a web page instead of the expected data{{detail}}. Try again later; if it lasts, contact Festime support.',
        empty: 'Festime sent an empty answer. Try again later.',
        truncated: 'Festime’s answer was cut short. Nothing was saved; try again.',
        'http-status': 'The Festime server answered with HTTP error {{status}}. Try again later.',
        redirect: 'The server tried to redirect the request elsewhere (HTTP {{status}}): refused, so the password is not sent there. Check the server address.',
        'unknown-legend': 'Festime’s answer does not start with the expected punch legend: it does not match the specification.',
        'missing-column': 'Festime’s answer lacks the required column “{{column}}”.',
        'malformed-record': 'Record #{{record}} of Festime’s answer cannot be read (field “{{field}}”: “{{value}}”).',
        unexpected: 'Festime’s answer does not match the specification ({{detail}}).',
      },
    },
    network: {
      unreachable: 'Cannot reach the Festime server ({{host}}). Check the Internet connection and the server address.',
      dropped: 'The connection to the Festime server ({{host}}) was lost before the answer. Try again in a moment.',
      tls: 'The Festime server’s certificate ({{host}}) is not valid: connection refused for safety.',
      timeout: 'The Festime server ({{host}}) did not answer within {{seconds}} seconds. Try again later.',
      timeoutWrite: 'The Festime server ({{host}}) did not answer within {{seconds}} seconds. The change may have been made: check before sending it again.',
    },
    cancelled: 'Cancelled.',
    validation: {
      required: 'The field “{{field}}” is required.',
      tooLong: 'The field “{{field}}” is too long (at most {{max}} characters).',
      forbidden: 'The field “{{field}}” contains a forbidden character ({{chars}}).',
      date: 'The field “{{field}}” must be a valid YYYY-MM-DD date.',
    },
    config: {
      server: 'Server address refused: “{{server}}”. Use https://…, or http:// only to this computer (127.0.0.1).',
    },
    secrets: {
      unavailable: 'No system keychain is available to keep the password ({{detail}}). On Linux, install and start a Secret Service (gnome-keyring or KeePassXC). The password is never written to a file.',
      missing: 'No password saved for {{login}} on {{server}}. Run “festime-desk login”.',
    },
    internal: 'Unexpected error: {{detail}}',
  },
};
