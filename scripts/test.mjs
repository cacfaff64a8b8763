// `npm test [-- vitest args]`: checks what the selected test projects need, in well under five
// seconds, and stops with one line per missing piece (and its fix) before anything slow starts.
// Then builds the app when the e2e project runs, and runs vitest with the same arguments, so
// vitest's summary and the `tests: N passed, N failed, N skipped` line stay the last output.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { neededFor, selectedProjects } from './test-projects.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();

/** Node's type stripping (this script imports test/support/browser.ts) and vitest need 22.18+. */
const minimumNode = [22, 18];

function onPath(command) {
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`] : [command];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name));
        return join(dir, name);
      } catch {
        // next
      }
    }
  }
  return null;
}

function versionAtLeast(have, want) {
  for (let i = 0; i < want.length; i++) {
    if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  }
  return true;
}

function checkNode() {
  const have = process.versions.node.split('.').map(Number);
  if (!versionAtLeast(have, minimumNode)) {
    return `Node: this is Node ${process.versions.node} (${process.execPath}); the tests need ${minimumNode.join('.')}+: run \`npm install\` (it brings Node 24 as node_modules/.bin/node, which npm scripts use) and run \`npm test\` again.`;
  }
  if (!existsSync(join(root, 'node_modules/vitest/package.json'))) {
    return 'Node: node_modules is missing or incomplete: run `npm install`.';
  }
  return null;
}

function checkGit() {
  const result = spawnSync('git', ['--version'], { encoding: 'utf8', timeout: 3000 });
  if (result.status === 0) return null;
  return 'git: not found on PATH; install git (Debian/Ubuntu: `sudo apt-get install git`, Fedora: `sudo dnf install git`, macOS: `xcode-select --install`).';
}

function requiredGo() {
  const goMod = readFileSync(join(root, 'test/cluster/go.mod'), 'utf8');
  const version = /^go\s+(\d+)\.(\d+)/m.exec(goMod);
  return version ? [Number(version[1]), Number(version[2])] : [1, 26];
}

function checkCluster() {
  const kubeconfig = process.env.GITOPS_TEST_KUBECONFIG;
  if (kubeconfig) {
    if (!existsSync(kubeconfig))
      return `Cluster: GITOPS_TEST_KUBECONFIG=${kubeconfig} does not exist; point it at a cluster's kubeconfig, or unset it to build the test control plane with Go.`;
    const kubectl = process.env.GITOPS_TEST_KUBECTL;
    if (kubectl ? !existsSync(kubectl) : !onPath('kubectl'))
      return `Cluster: ${kubectl ? `GITOPS_TEST_KUBECTL=${kubectl} does not exist` : 'kubectl is not on PATH'}; set GITOPS_TEST_KUBECTL=/path/to/kubectl (used by the tests with GITOPS_TEST_KUBECONFIG).`;
    return null;
  }
  const want = requiredGo();
  const fix = `install Go ${want.join('.')}+ (https://go.dev/dl/), or set GITOPS_TEST_KUBECONFIG=/path/to/kubeconfig to test against an existing cluster`;
  const result = spawnSync('go', ['env', 'GOVERSION'], {
    encoding: 'utf8',
    timeout: 4000,
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  if (result.error || result.status !== 0)
    return `Go: not found on PATH (it builds the test control plane); ${fix}.`;
  const version = /go(\d+)\.(\d+)/.exec(result.stdout);
  if (!version || !versionAtLeast([Number(version[1]), Number(version[2])], want))
    return `Go: found ${result.stdout.trim() || 'an unknown version'}, the test control plane needs go${want.join('.')}+; ${fix}.`;
  return null;
}

async function checkBrowser() {
  const { findBrowser } = await import('../test/support/browser.ts');
  try {
    await findBrowser();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    // Ctrl-C reaches the child through the terminal; wait for it to finish reporting.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

const args = process.argv.slice(2);
const help = args.includes('--help') || args.includes('-h');
const projects = help ? [] : selectedProjects(args);
const wanted = neededFor(projects);

const problems = [];
const node = checkNode();
if (node) problems.push(node);
if (wanted.has('git')) problems.push(checkGit());
if (wanted.has('cluster')) problems.push(checkCluster());
// The browser check imports a TypeScript module, which needs the Node the first check asked for.
if (wanted.has('browser') && !node) problems.push(await checkBrowser());
const missing = problems.filter(Boolean);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (missing.length > 0) {
  for (const line of missing) process.stderr.write(`npm test: ${line}\n`);
  process.stderr.write(
    `npm test: stopped after checking prerequisites (${seconds} s); nothing was built or run.\n`,
  );
  process.exit(1);
}
if (!help) {
  process.stdout.write(
    `npm test: ${projects.join(', ') || 'no project'} selected; prerequisites present (${seconds} s)\n`,
  );
}

if (wanted.has('browser')) {
  const { describeBrowser, findBrowser, resolveBrowser } = await import('../test/support/browser.ts');
  const found = await findBrowser();
  if (found.source === 'bundled' && !existsSync(found.executablePath))
    process.stdout.write(
      'npm test: unpacking the npm-shipped Chromium into .cache/browser (once, a few seconds)\n',
    );
  try {
    process.stdout.write(`npm test: browser ${describeBrowser(await resolveBrowser())}\n`);
  } catch (err) {
    process.stderr.write(`npm test: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

const bin = (name) => join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name);
if (wanted.has('build')) {
  const code = await run(bin('electron-vite'), ['build']);
  if (code !== 0) process.exit(code);
}
process.exit(await run(bin('vitest'), ['run', ...args]));
