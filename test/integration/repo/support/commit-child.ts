// Runs one repo.commit in a process of its own, so a test can kill it with SIGKILL mid-way.
// Usage: node commit-child.mjs <repo dir> <json file with app-relative paths> <message>
import { readFile } from 'node:fs/promises';
import { RepoService } from '../../../../src-main/core/repo/repo-service';
import { InMemorySecretStore } from '../../../../src-main/core/repo/secret-store';
import type { AppSettings } from '../../../../src-shared/model';

const [dir, pathsFile, message] = process.argv.slice(2);
const paths = JSON.parse(await readFile(pathsFile!, 'utf8')) as string[];
const app: AppSettings = {
  id: 'child',
  name: 'child',
  repoPath: dir!,
  appPath: '',
  context: 'none',
  namespace: 'default',
  options: { prune: false, autoSync: false, selfHeal: false },
  author: { name: 'Child Process', email: 'child@example.test' },
};
const service = new RepoService({ env: process.env, secrets: new InMemorySecretStore() });
process.stdout.write('started\n');
try {
  const oid = await service.commit(app, paths, message!);
  process.stdout.write(`committed ${oid}\n`);
} catch (err) {
  process.stdout.write(`failed ${(err as { code?: string }).code ?? ''} ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  service.dispose();
}
