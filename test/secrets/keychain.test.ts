// The password in a real Secret Service (gnome-keyring on a private D-Bus, started by
// test/with-keyring.sh, which `npm test` and CI use). No mock of keytar.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsUnavailableError } from '../../main/core/errors';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createKeytarStore, KEYCHAIN_SERVICE, keychainAccount } from '../../main/core/secrets';
import { runCli } from '../helpers/cli';

function secretToolLookup(account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', account], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('keychain round trip (real Secret Service)', () => {
  it('saves, reads and deletes; the entry really is in the Secret Service', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run through npm test (test/with-keyring.sh) for a Secret Service').toBeTruthy();
    const store = createKeytarStore();
    const server = 'https://festime.example.test';
    const login = `round-trip-${process.pid}`;
    const password = 'PassSx45$ &+é€';
    await store.set(server, login, password);
    expect(await store.get(server, login)).toBe(password);
    expect(secretToolLookup(keychainAccount(server, login))).toBe(password);
    expect(await store.delete(server, login)).toBe(true);
    expect(await store.get(server, login)).toBeNull();
    expect(secretToolLookup(keychainAccount(server, login))).toBeNull();
    expect(await store.delete(server, login)).toBe(false);
  });

  it('one entry per server and login', async () => {
    const store = createKeytarStore();
    await store.set('https://a.example.test', 'same', 'one');
    await store.set('https://b.example.test/', 'same', 'two');
    expect(await store.get('https://a.example.test/', 'same')).toBe('one');
    expect(await store.get('https://b.example.test', 'same')).toBe('two');
    await store.delete('https://a.example.test', 'same');
    await store.delete('https://b.example.test', 'same');
  });

  it('a store that cannot load keytar says the keychain is unavailable', async () => {
    const store = createKeytarStore(() => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')));
    await expect(store.get('https://x.example.test', 'y')).rejects.toBeInstanceOf(SecretsUnavailableError);
  });
});

describe('CLI login / logout with the keychain', () => {
  let sim: Simulator;
  let url: string;
  beforeAll(async () => {
    sim = createSimulator();
    url = await sim.listen();
  });
  afterAll(() => sim.close());

  it('login stores the password in the keychain only; later commands use it; logout removes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-login-'));
    const base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
    const login = await runCli([...base, 'login', '--password-stdin'], { input: `${DEMO_PASSWORD}\n` });
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('Mot de passe enregistré dans le trousseau du système pour demo');
    expect(secretToolLookup(keychainAccount(url, 'demo'))).toBe(DEMO_PASSWORD);
    for (const file of filesUnder(dataDir)) expect(readFileSync(file, 'utf8')).not.toContain(DEMO_PASSWORD);

    // The profile remembers server and login: a scheduled task needs neither flag nor password.
    const info = await runCli(['--data-dir', dataDir, 'terminals', 'info', '--format', 'json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).accessPoints).toHaveLength(2);

    const logout = await runCli([...base, 'logout']);
    expect(logout.code).toBe(0);
    expect(secretToolLookup(keychainAccount(url, 'demo'))).toBeNull();
    const after = await runCli([...base, 'terminals', 'info']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('Aucun mot de passe enregistré pour demo');
  });

  it('a wrong password is not saved', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-login-'));
    const r = await runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, 'login', '--password-stdin'], { input: 'wrong-password\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Compte Festime inconnu ou mot de passe incorrect');
    expect(secretToolLookup(keychainAccount(url, 'demo'))).toBeNull();
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('without a Secret Service: a clear message, no file fallback', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-login-'));
    const r = await runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, 'login', '--password-stdin', '--no-check'], {
      input: `${DEMO_PASSWORD}\n`,
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/festime-test-bus' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Aucun trousseau du système n’est disponible');
    expect(r.stderr).not.toContain(DEMO_PASSWORD);
    // Nothing kept in a file: only the incident log's line saying the keychain failed, without the password.
    const files = filesUnder(dataDir);
    expect(files).toEqual([expect.stringMatching(/[\\/]logs[\\/]festime-desk\.[\d-]+\.\d+\.log$/)]);
    const log = readFileSync(files[0]!, 'utf8');
    expect(log).toContain('"event":"keychain.failed"');
    expect(log).not.toContain(DEMO_PASSWORD);
    expect(log).not.toContain(encodeURIComponent(DEMO_PASSWORD));
  });

  it('login without a terminal and without --password-stdin is a usage error', async () => {
    const r = await runCli(['--server', url, '--login', 'demo', 'login']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--password-stdin');
  });
});
