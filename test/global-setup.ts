// Builds the CLI bundle once before the tests that run it as a child process.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['build/build-cli.mjs'], { stdio: 'inherit' });
}
