import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

// `npm start`: the desktop window when an Electron binary is available, otherwise the same app in
// browser mode, with the reason said plainly.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = await findElectronBinary();

const run = (command, args) => {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
};

if (electron.path) {
  run(electron.path, [join(root, 'out/main/index.js')]);
} else {
  process.stderr.write(
    `The desktop window needs an Electron binary: ${electron.reason}.\n` +
      'Starting GitOps Desktop in browser mode instead (same app, served on 127.0.0.1).\n\n',
  );
  run(process.execPath, [join(root, 'out/main/serve.js'), ...process.argv.slice(2)]);
}
