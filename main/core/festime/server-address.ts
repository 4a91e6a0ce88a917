// The Festime server's address: https, or plain http only to this computer (the simulator).
import { ServerAddressError } from '../errors';

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Normalises a server address ("https://festime.mytiming.fr/" → "https://festime.mytiming.fr") or throws ServerAddressError. */
export function normalizeServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new ServerAddressError(server);
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed || url.username || url.password || url.search || url.hash) throw new ServerAddressError(server);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function hostOf(server: string): string {
  return new URL(server).host;
}
