// Starts the pieces of the end-to-end tests on loopback: the bot host (which serves the page and its own Direct Line)
// and headless Chromium. Every start registers its own stop, so a failed step still leaves no process behind.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const artifacts = path.join(here, 'artifacts');
const loopback = '127.0.0.1';

export class Cleanup {
  #steps = [];

  add(step) {
    this.#steps.push(step);
  }

  async run() {
    for (const step of this.#steps.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error('cleanup:', err.message);
      }
    }
    this.#steps = [];
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, loopback, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * `dotnet run` of the built bot host on a throw-away database: by default Development (anonymous, demo people, demo
 * data, the demo picker on the page); `environment` and `env` change that.
 */
export async function startBot(cleanup, { timeoutMs, environment = 'Development', env = {}, logName = 'bot.log' }) {
  const project = path.join(repoRoot, 'src', 'SchoolSupport.Web');
  const built = path.join(project, 'bin', 'Debug', 'net10.0', 'SchoolSupport.Web.dll');
  if (!existsSync(built)) {
    throw new Error(`${built} is missing: build first (bash tests/e2e/run.sh does it)`);
  }

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'schoolsupport-e2e-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  // A clean clone has no artifacts folder yet (it is not committed); the log stream must not race its creation.
  mkdirSync(artifacts, { recursive: true });
  const logPath = path.join(artifacts, logName);
  const log = createWriteStream(logPath);
  cleanup.add(() => new Promise(resolve => log.end(resolve)));

  const child = spawn('dotnet', ['run', '--no-build', '--no-launch-profile', '--project', project], {
    cwd: repoRoot,
    detached: true, // own process group: `dotnet run` starts the host as a child, and both must go
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: environment,
      ASPNETCORE_URLS: `http://${loopback}:${port}`,
      Database__Provider: 'Sqlite',
      Database__DataFolder: dataDir,
      Database__ConnectionString: `Data Source=${path.join(dataDir, 'e2e.db')}`,
      Downloads__PublicBaseUrl: `http://${loopback}:${port}`,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      ...env,
    },
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  child.on('exit', (code, signal) => { exited = signal ?? code; });
  cleanup.add(() => stopProcessGroup(child, () => exited !== null));

  const baseUrl = `http://${loopback}:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(`bot host exited (${exited}) before /healthz answered; see ${logPath}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        return { baseUrl, messagesUrl: `${baseUrl}/api/messages`, logPath, dataDir };
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`bot host did not answer /healthz within ${timeoutMs} ms; see ${logPath}`);
}

async function stopProcessGroup(child, hasExited) {
  if (hasExited()) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  for (let i = 0; i < 40 && !hasExited(); i++) await sleep(100);
  if (!hasExited()) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

export async function launchChromium(cleanup) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: install Debian's chromium (./test.sh does it)`);
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'schoolsupport-e2e-chromium-'));
  cleanup.add(() => rmSync(profile, { recursive: true, force: true }));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true, // puppeteer passes --headless
    userDataDir: profile, // passed as --user-data-dir; puppeteer would otherwise add a second one of its own
    pipe: true,
    timeout: 30_000,
    defaultViewport: { width: 430, height: 932 }, // a phone
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=ru-RU',
    ],
  });
  cleanup.add(() => browser.close());
  return browser;
}
