// The Festime server's address: https, or plain http only to this computer (the simulator).
import { ServerAddressError } from '../errors';

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The address as an error may show it: without user info, query or fragment, which may hold the password. */
function displayable(server: string): string {
  const withoutUser = server.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, '$1');
  const cut = withoutUser.search(/[?#]/);
  return cut === -1 ? withoutUser : `${withoutUser.slice(0, cut)}…`;
}

/** Normalises a server address ("https://festime.mytiming.fr/" → "https://festime.mytiming.fr") or throws ServerAddressError. */
export function normalizeServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new ServerAddressError(displayable(server));
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed || url.username || url.password || url.search || url.hash) throw new ServerAddressError(displayable(server));
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function hostOf(server: string): string {
  return new URL(server).host;
}
