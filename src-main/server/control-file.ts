import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';

/**
 * How `--new-url` reaches the running server: the server leaves its port and a control secret
 * in a file only the user can read, in the user data folder; the command reads it and asks the
 * server for a fresh one-time sign-in URL.
 */
export interface ControlInfo {
  port: number;
  secret: string;
  pid: number;
}

export function controlFilePath(userDataDir: string): string {
  return join(userDataDir, 'browser-mode.json');
}

export async function writeControlFile(userDataDir: string, info: ControlInfo): Promise<void> {
  await mkdir(userDataDir, { recursive: true });
  const path = controlFilePath(userDataDir);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(info), { mode: 0o600 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Removes the file when it is still this server's (a newer server may have replaced it). */
export async function removeControlFile(userDataDir: string, info: ControlInfo): Promise<void> {
  const current = await readControlFile(userDataDir);
  if (current?.secret === info.secret) await rm(controlFilePath(userDataDir), { force: true });
}

async function readControlFile(userDataDir: string): Promise<ControlInfo | null> {
  try {
    const parsed = JSON.parse(await readFile(controlFilePath(userDataDir), 'utf8')) as Partial<ControlInfo>;
    if (typeof parsed.port !== 'number' || typeof parsed.secret !== 'string') return null;
    return { port: parsed.port, secret: parsed.secret, pid: Number(parsed.pid) };
  } catch {
    return null;
  }
}

/** Asks the server running for this user data folder for a fresh sign-in URL. */
export async function requestNewUrl(userDataDir: string): Promise<string> {
  const notRunning = `No GitOps Desktop browser-mode server is running for ${userDataDir}. Start one with "npm run web".`;
  const info = await readControlFile(userDataDir);
  if (!info) throw new Error(notRunning);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: info.port,
        method: 'POST',
        path: '/api/control/new-url',
        headers: { host: `127.0.0.1:${info.port}`, authorization: `Bearer ${info.secret}` },
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('error', () => reject(new Error(notRunning)));
        res.on('end', () => {
          try {
            const url = (JSON.parse(body) as { url?: unknown }).url;
            if (res.statusCode === 200 && typeof url === 'string') return resolve(url);
          } catch {
            // reported below
          }
          reject(
            new Error(`The server on port ${info.port} refused to issue a new URL (${res.statusCode}).`),
          );
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => reject(new Error(notRunning)));
    req.end();
  });
}
