// Festime shows a holder as "NOM Prénom". Splitting it back: the family name is the leading run
// of words written in capitals (with the particles that start French and foreign family names),
// the first name is the rest. "DE LA FONTAINE François", "LE GOFF Loïc", "D’ARTOIS Jean-Noël",
// "de VILLIERS Anne-Sophie". When nothing is in lower case, the first word is the family name.

const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'd’',
  "d'",
  'le',
  'la',
  'les',
  'van',
  'von',
  'der',
  'den',
  'di',
  'da',
  'dos',
  'del',
  'ben',
  'el',
  'al',
  'mac',
  'saint',
  'sainte',
]);

const hasLower = (w: string) => w !== w.toUpperCase();
const hasLetter = (w: string) => w.toLowerCase() !== w.toUpperCase();

export function splitFestimeName(full: string): { nom: string; prenom: string } {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { nom: '', prenom: '' };
  if (words.length === 1) return { nom: words[0]!, prenom: '' };
  let i = 0;
  // Leading lower-case particles belong to the family name when a capitalised word follows.
  while (i < words.length - 1 && PARTICLES.has(words[i]!.toLowerCase()) && hasLower(words[i]!)) i++;
  const particles = i;
  while (i < words.length && (!hasLower(words[i]!) || !hasLetter(words[i]!))) i++;
  if (i === particles || i === words.length) {
    // No capitalised family name, or everything in capitals: the first word is the family name.
    const cut = Math.min(words.length - 1, particles + 1);
    return { nom: words.slice(0, cut).join(' '), prenom: words.slice(cut).join(' ') };
  }
  return { nom: words.slice(0, i).join(' '), prenom: words.slice(i).join(' ') };
}
