import os from 'node:os';
import type { Kubectl } from './peers/kubectl';
import { kubectlServerVersion } from './peers/kubectl';
import type { Machine } from './results';
import { runCommand } from './run-command';

async function firstLine(file: string, args: string[]): Promise<string> {
  try {
    return (await runCommand(file, args)).stdout.trim().split('\n')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(k: Kubectl): Promise<Machine> {
  const cpus = os.cpus();
  let kubectlClient = 'unknown';
  try {
    const v = JSON.parse((await runCommand(k.binary, ['version', '--client', '-o', 'json'])).stdout) as {
      clientVersion?: { gitVersion?: string };
    };
    kubectlClient = v.clientVersion?.gitVersion ?? 'unknown';
  } catch {
    // A missing kubectl shows as 'unknown'; the peers report the real failure.
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    kube: await kubectlServerVersion(k).catch(() => 'unknown'),
    kubectl: kubectlClient,
    git: (await firstLine('git', ['--version'])).replace(/^git version /, ''),
  };
}
