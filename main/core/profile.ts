// The account the CLI uses when --server and --login are not given: the last one `login` saved.
// Server and login only; the password is in the keychain.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const profileSchema = z.object({ server: z.string(), login: z.string() });
export type Profile = z.infer<typeof profileSchema>;

const file = (dataDir: string) => join(dataDir, 'profile.json');

export function readProfile(dataDir: string): Profile | null {
  let text: string;
  try {
    text = readFileSync(file(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = profileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeProfile(dataDir: string, profile: Profile): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file(dataDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profileSchema.parse(profile), null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file(dataDir));
}
