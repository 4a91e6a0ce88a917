// Builds the renderer and the CLI (for the stand-alone simulator) once before the run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['build/build-cli.mjs'], { stdio: 'inherit' });
}
