// The mask applied to every answer before anything reads it: each spelling of the password found
// and masked where it stands, `password=` values masked whatever they hold, a cut that cannot leave
// a start of the password, and Festime's ordinary text left alone.
import { describe, expect, it } from 'vitest';
import { MASK, createSecretMask } from '../../main/core/festime/secret-mask';
import { HOSTILE_PASSWORDS, echoAnswer, leaksIn, spellings, ECHO_MODES } from '../helpers/hostile';

describe.each(HOSTILE_PASSWORDS)('password %j', (password) => {
  const secret = createSecretMask(password);

  it.each(spellings(password).filter((s) => s.label !== 'first half'))('the $label spelling is masked where it stands', ({ text }) => {
    const scrubbed = secret.scrub(`Erreur « ${text} » ici`);
    expect(scrubbed).toEqual({ text: `Erreur « ${MASK} » ici`, clean: true });
  });

  it.each([
    ['numeric entities', password.replace(/&/g, '&#38;').replace(/é/g, '&#233;')],
    ['hexadecimal entities', password.replace(/&/g, '&#x26;').replace(/é/g, '&#xE9;')],
    ['latin-1 percent-codes', encodeURIComponent(password).replace('%C3%A9', '%e9')],
    ['twice encoded', encodeURIComponent(encodeURIComponent(password))],
    ['every character percent-encoded', [...Buffer.from(password, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')],
    ['blanks dropped', password.replace(/\s+/g, '')],
  ])('%s', (_label, text) => {
    expect(secret.scrub(`<p>${text}</p>`).text).toBe(`<p>${MASK}</p>`);
  });

  it.each(ECHO_MODES)('every hostile answer (%s) is masked whole, and says no spelling', (mode) => {
    const { text, clean } = secret.scrub(echoAnswer(mode, password).body);
    expect(clean).toBe(true);
    expect(leaksIn(mode, text, password)).toEqual([]);
  });

  it('a cut masks first: a password across the cut is masked, a start of it left at the edge removed', () => {
    const text = `KO;Mot de passe refusé pour ${password} point final`;
    for (let n = 10; n <= text.length; n++) {
      const cut = secret.cut(text.slice(0, n), 200);
      expect(leaksIn(`cut at ${n}`, cut, password)).toEqual([]);
    }
    expect(secret.cut(text, 40)).not.toContain(password.slice(0, 4));
  });
});

describe('whatever a password= value holds', () => {
  const secret = createSecretMask('Tr0ub4dor&3');
  it.each([
    ['a query', 'GET /webapi.aspx?login=demo&password=Autre%20mot&fonction=pointage', 'GET /webapi.aspx?login=demo&password=••••&fonction=pointage'],
    ['an HTML-escaped query', 'login=demo&amp;password=old-one&amp;fonction=x', 'login=demo&amp;password=••••&amp;fonction=x'],
    ['JSON', '{"login":"demo","password":"old \\"one\\""}', '{"login":"demo","password":"••••"}'],
  ])('%s', (_label, text, masked) => {
    expect(secret.scrub(text).text).toBe(masked);
  });
});

describe('Festime’s ordinary text is left alone', () => {
  const secret = createSecretMask('Demo&Pass+45$ é');
  it.each([
    'OK;Utilisateur ajouté dans Festime;DUPONT / Mario / 858745632',
    'KO;Compte Festime inconnu ou mot de passe incorrect',
    "NOMBRE DE POINT D'ACCES pour transfert [ utilisateur(s) ] : 1 1/1) *** POINT D'ACCES -> Accès porte Sud - Melun : OK;",
  ])('%s', (text) => {
    expect(secret.scrub(text)).toEqual({ text, clean: true });
    expect(secret.cut(text, 500)).toBe(text);
  });

  it('an empty password masks nothing', () => {
    expect(createSecretMask('').scrub('a b c')).toEqual({ text: 'a b c', clean: true });
  });
});
