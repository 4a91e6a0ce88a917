// Masking of foreign text that may hold a secret (a bug's message or stack), for the log and for the
// words said to the user about an unexpected error. Its own module: the errors and the log both use it.

/**
 * Masks what may hold a secret in foreign text (a bug's stack): anything after `password=` or
 * `password:` up to the end of its line (a raw password may hold spaces and `&`), and every
 * URL's query string (Festime's URLs carry the login and the password).
 */
export function maskSecrets(text: string): string {
  return (
    text
      .replace(/((?:password|passwd|pwd|mot[_ ]?de[_ ]?passe)["']?\s*[=:]\s*).*$/gim, '$1***')
      .replace(/(\bhttps?:\/\/[^\s?#"']*)\?[^\s#"']*/gi, '$1?***')
      // A login and password written into an address (https://login:password@host).
      .replace(/(\bhttps?:\/\/)[^\s/@"']*@/gi, '$1***@')
  );
}
