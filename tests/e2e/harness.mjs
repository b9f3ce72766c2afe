// Starts the pieces of the browser test on loopback: the bot host, a local Direct Line, the page, headless Chromium.
// Every start registers its own stop, so a failed step still leaves no process behind.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { getRouter } from 'offline-directline';
import puppeteer from 'puppeteer-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const artifacts = path.join(here, 'artifacts');
export const webchatBundle = path.join(here, '.cache', 'webchat-4.18.1.js');
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

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopback, () => resolve(server.address().port));
  });
}

function closeServer(server) {
  return new Promise(resolve => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** `dotnet run` of the built bot host in Development (anonymous, demo people, demo data) on a throw-away database. */
export async function startBot(cleanup, { timeoutMs }) {
  const project = path.join(repoRoot, 'src', 'SchoolSupport.Web');
  const built = path.join(project, 'bin', 'Debug', 'net10.0', 'SchoolSupport.Web.dll');
  if (!existsSync(built)) {
    throw new Error(`${built} is missing: build first (bash tests/e2e/run.sh does it)`);
  }

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'schoolsupport-e2e-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const logPath = path.join(artifacts, 'bot.log');
  const log = createWriteStream(logPath);
  cleanup.add(() => new Promise(resolve => log.end(resolve)));

  const child = spawn('dotnet', ['run', '--no-build', '--no-launch-profile', '--project', project], {
    cwd: repoRoot,
    detached: true, // own process group: `dotnet run` starts the host as a child, and both must go
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      ASPNETCORE_URLS: `http://${loopback}:${port}`,
      Database__Provider: 'Sqlite',
      Database__DataFolder: dataDir,
      Database__ConnectionString: `Data Source=${path.join(dataDir, 'e2e.db')}`,
      Downloads__PublicBaseUrl: `http://${loopback}:${port}`,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
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
        return { baseUrl, messagesUrl: `${baseUrl}/api/messages`, logPath };
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

/**
 * offline-directline's own `initializeRoutes` listens on every interface and starts a cleanup timer that keeps node
 * alive, so its router is mounted on an app of ours that listens on loopback only. The router needs its own public
 * address (the serviceUrl the bot replies to), known only once the port is bound, hence the late `use`.
 */
export async function startDirectLine(cleanup, botMessagesUrl) {
  const app = express();
  const server = http.createServer(app);
  const port = await listen(server);
  cleanup.add(() => closeServer(server));
  const serviceUrl = `http://${loopback}:${port}`;
  const botCalls = [];
  app.use((req, _res, next) => {
    if (req.path.startsWith('/v3/')) botCalls.push(`${req.method} ${req.path}`);
    next();
  });
  app.use(getRouter(serviceUrl, botMessagesUrl));
  return { serviceUrl, domain: `${serviceUrl}/directline`, botCalls };
}

/** Serves the page and the Web Chat bundle from a second loopback origin, as a school's intranet page would. */
export async function startPageServer(cleanup) {
  const files = {
    '/': ['text/html; charset=utf-8', path.join(here, 'page', 'index.html')],
    '/webchat.js': ['text/javascript; charset=utf-8', webchatBundle],
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url, 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file[0], 'Cache-Control': 'no-store' });
    createReadStream(file[1]).pipe(res);
  });
  const port = await listen(server);
  cleanup.add(() => closeServer(server));
  return `http://${loopback}:${port}/`;
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
    defaultViewport: { width: 900, height: 1100 },
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
