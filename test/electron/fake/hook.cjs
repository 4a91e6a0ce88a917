// Loaded with `node --require` before the app's bundled main entry: `require('electron')` gets the
// stand-in beside this file (the real binary cannot be had here). Workers load it too (no harm).
const Module = require('node:module');
const { join } = require('node:path');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return join(__dirname, 'electron.cjs');
  return original.call(this, request, ...rest);
};
// As Electron runs it: `electron <main file> …args` in development (process.defaultApp), or the
// installed executable with its arguments right after it (FAKE_PACKAGED=1).
if (process.env.FAKE_PACKAGED === '1') process.argv.splice(1, 1);
else process.defaultApp = true;
// FAKE_NATIVE_FAILS: the SQLite engine's .node refused by the loader, as a build for another Node or Electron is.
if (process.env.FAKE_NATIVE_FAILS === '1') {
  const dlopen = process.dlopen;
  process.dlopen = function (module, filename, ...rest) {
    if (String(filename).includes('better_sqlite3')) {
      // Node's own wording, over its several lines.
      const error = new Error(
        `The module '${filename}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 130. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
      );
      error.code = 'ERR_DLOPEN_FAILED';
      throw error;
    }
    return dlopen.call(this, module, filename, ...rest);
  };
}
