import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
// A plain .mjs module of the sandbox's scripts (the same stack the start command runs).
import { freePort } from "../scripts/stack.mjs";

/** Starting the sandbox as a user does (scripts/sandbox.mjs), in its own data folder and on free ports. */

export const APP = join(import.meta.dirname, "..");
export const SHOTS = join(APP, ".reports", "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface SandboxInfo {
  medusaUrl: string;
  posUrl: string;
  simulatorUrl: string;
  adminEmail: string;
  adminPassword: string;
  publishableKey: string;
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  info: SandboxInfo;
}

export class Sandbox {
  readonly dataDir = mkdtempSync(join(tmpdir(), "mixpay-sandbox-e2e-"));
  ports: { medusa: number; simulator: number; pg: number } | undefined;

  /** Starts scripts/sandbox.mjs with `args` (e.g. `--onboarding`). */
  async start(args: string[] = []): Promise<Running> {
    this.ports ??= { medusa: await freePort(), simulator: await freePort(), pg: await freePort() };
    rmSync(join(this.dataDir, "sandbox.json"), { force: true });
    let output = "";
    const child = spawn(process.execPath, [join(APP, "scripts", "sandbox.mjs"), ...args], {
      cwd: APP,
      env: {
        ...process.env,
        PORT: String(this.ports.medusa),
        SIMULATOR_PORT: String(this.ports.simulator),
        SANDBOX_PG_PORT: String(this.ports.pg),
        SANDBOX_DATA_DIR: this.dataDir,
        // The plugin's reconciliation job every 2 s instead of every minute, so the lost-callback case is quick.
        MIXPAY_RECONCILE_SCHEDULE: "*/2 * * * * *",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const until = Date.now() + 240_000;
    while (!output.includes("MixPay sandbox is ready")) {
      if (child.exitCode !== null) throw new Error(`sandbox exited ${child.exitCode}:\n${output}`);
      if (Date.now() > until) throw new Error(`sandbox not ready after 240 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const info = JSON.parse(readFileSync(join(this.dataDir, "sandbox.json"), "utf8")) as SandboxInfo;
    return { child, output: () => output, info };
  }

  async stop(running: Running): Promise<number | null> {
    if (running.child.exitCode !== null) return running.child.exitCode;
    const exited = new Promise<number | null>((resolve) => running.child.once("exit", (code) => resolve(code)));
    running.child.kill("SIGINT");
    return exited;
  }

  remove(): void {
    if (!process.env.SANDBOX_E2E_KEEP) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is needed (Debian: apt-get install chromium)`);
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
}

/** An admin API token for the sandbox's admin login. */
export async function adminToken(info: SandboxInfo): Promise<string> {
  const login = await fetch(`${info.medusaUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: info.adminEmail, password: info.adminPassword }),
  });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  return ((await login.json()) as { token: string }).token;
}

/** POST to the simulator's control API. */
export async function control(info: SandboxInfo, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${info.simulatorUrl}/_control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`simulator control ${path}: ${res.status} ${await res.text()}`);
}

export interface AdminSession {
  sandbox: Running;
  browser: Browser;
  /** An admin API token. */
  token: string;
  /** A page logged in to the admin. */
  page: Page;
}

/**
 * A test file's sandbox (started with `args`), Chromium, an admin token and a logged-in admin page. If a step
 * fails, what was already started is stopped before the error is thrown.
 */
export async function openAdminSession(box: Sandbox, args: string[] = []): Promise<AdminSession> {
  const sandbox = await box.start(args);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const token = await adminToken(sandbox.info);
    return { sandbox, browser, token, page: await adminPage(browser, sandbox.info) };
  } catch (error) {
    await closeAdminSession(box, { sandbox, browser });
    throw error;
  }
}

/** Closes the browser, stops the sandbox and removes its data folder (whatever of them was opened). */
export async function closeAdminSession(box: Sandbox, session: Partial<AdminSession>): Promise<void> {
  await session.browser?.close();
  if (session.sandbox) await box.stop(session.sandbox);
  box.remove();
}

/** A page logged in to the sandbox's Medusa admin, as its admin user. */
export async function adminPage(browser: Browser, info: SandboxInfo): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${info.medusaUrl}/app/login`);
  await page.fill("input[name=email]", info.adminEmail);
  await page.fill("input[name=password]", info.adminPassword);
  await page.click("button[type=submit]");
  await page.waitForURL(/\/app(\/orders)?\/?$/, { timeout: 60_000 });
  return page;
}

/** The customer's phone: opens the simulator's checkout page for `payUrl` and presses Pay. */
export async function payOnPhone(browser: Browser, payUrl: string, screenshot?: string): Promise<void> {
  const phone = await browser.newPage({ viewport: { width: 420, height: 860 } });
  await phone.goto(payUrl);
  await phone.waitForSelector("[data-testid=pay-button]");
  if (screenshot) await phone.screenshot({ path: join(SHOTS, screenshot) });
  await phone.click("[data-testid=pay-button]");
  await phone.waitForSelector("[data-testid=status]");
  await phone.close();
}
