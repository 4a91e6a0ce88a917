// A piece of a file name from a site's or a person's name: plain letters, digits and dashes
// (Œ → OE, é → e), so the name survives every file system and mail client.
export const fileNamePart = (text: string, fallback: string): string =>
  text
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .replace(/Æ/g, 'AE')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || fallback;
