import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ASSET_IDS } from "@mixpay-pos/protocol";
import { DEMO_PAYEE_ID, startSimulatorServer } from "@mixpay-pos/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The CLI as a user runs it (the built bin, a separate process) against a running simulator over HTTP.
const BIN = join(import.meta.dirname, "..", "dist", "bin.js");

let server: Awaited<ReturnType<typeof startSimulatorServer>>;
let apiBase: string;

beforeAll(async () => {
  server = await startSimulatorServer({ port: 0, host: "127.0.0.1" });
  apiBase = `${server.url}/v1`;
});

afterAll(async () => {
  await server.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

function cli(args: string[], onLine?: (line: string, child: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MIXPAY_API_BASE: apiBase } });
    let stdout = "";
    let stderr = "";
    let pending = "";
    const lines: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      pending += chunk;
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        onLine?.(line, child);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, lines }));
  });
}

async function control(traceId: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/_control/payments/${traceId}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function createPayment(amount: string): Promise<{ traceId: string; url: string }> {
  const run = await cli([
    "create",
    "--payee-id",
    DEMO_PAYEE_ID,
    "--settlement-asset-id",
    ASSET_IDS.USDT_ERC20,
    "--quote-asset-id",
    "usd",
    "--quote-amount",
    amount,
    "--checkout-base",
    server.url,
    "--json",
  ]);
  expect(run.code, run.stderr).toBe(0);
  const created = JSON.parse(run.stdout) as { traceId: string; url: string; code: string };
  expect(created.url).toBe(`${server.url}/code/${created.code}`);
  return created;
}

const expectFlags = (amount: string) => [
  "--payee-id",
  DEMO_PAYEE_ID,
  "--quote-asset-id",
  "usd",
  "--quote-amount",
  amount,
];

describe("mixpay-pos CLI against the running simulator", () => {
  it("create → watch → customer pays → watch prints each change and exits 0", async () => {
    const { traceId } = await createPayment("12.50");
    let paid = false;
    const run = await cli(
      ["watch", traceId, ...expectFlags("12.5"), "--interval-ms", "50", "--timeout-s", "20"],
      (line) => {
        if (!paid && line.includes("unpaid")) {
          paid = true;
          void control(traceId, { action: "pay" });
        }
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines.map((l) => l.split(/\s+/)[1])).toEqual(["unpaid", "paid"]);

    const status = await cli(["status", traceId, ...expectFlags("12.50")]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/status\s+success → paid/);
    expect(status.stdout).toMatch(/quote\s+12\.5 USD/);
  });

  it("underpay → watch reports underpaid, then failed with the money that arrived when the deadline passes (40024)", async () => {
    const { traceId } = await createPayment("20");
    let acted = false;
    const run = await cli(
      ["watch", traceId, ...expectFlags("20"), "--interval-ms", "50", "--timeout-s", "20"],
      (line) => {
        if (acted || !line.includes("unpaid")) return;
        acted = true;
        void (async () => {
          await control(traceId, { action: "underpay", amount: "5" });
          await new Promise((r) => setTimeout(r, 300));
          await control(traceId, { action: "expire" });
        })();
      },
    );
    expect(run.code).toBe(2);
    const statuses = run.lines.map((l) => l.split(/\s+/)[1]);
    // MixPay's current lifecycle: a paid_less payment at its deadline fails with 40024, and what arrived is owed back.
    expect(statuses).toEqual(["unpaid", "underpaid", "failed"]);
    expect(run.lines.at(-1)).toContain("5 USDT arrived");
    expect(statuses).not.toContain("paid");
  });

  it("without expected terms, watch verifies against the payment's own terms", async () => {
    const { traceId } = await createPayment("3");
    await control(traceId, { action: "pay" });
    const run = await cli(["watch", traceId, "--interval-ms", "50", "--timeout-s", "10"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("own terms");
  });

  it("watch exits 3 when the timeout passes first", async () => {
    const { traceId } = await createPayment("4");
    const run = await cli(["watch", traceId, ...expectFlags("4"), "--interval-ms", "50", "--timeout-s", "0.5"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("last status: unpaid");
  });

  it("status of a paid-elsewhere trace with other terms is not paid (exit 2)", async () => {
    const { traceId } = await createPayment("9");
    await control(traceId, { action: "pay" });
    const run = await cli(["status", traceId, ...expectFlags("90")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("review");
  });

  it("link prints the pay link and qr writes SVG and PNG files", async () => {
    const link = await cli([
      "link",
      "--payee-id",
      DEMO_PAYEE_ID,
      "--quote-asset-id",
      "usd",
      "--quote-amount",
      "5",
      "--checkout-base",
      server.url,
    ]);
    expect(link.code).toBe(0);
    expect(link.stdout.trim()).toMatch(
      new RegExp(`^${server.url}/pay\\?payeeId=${DEMO_PAYEE_ID}&quoteAssetId=usd&quoteAmount=5&traceId=[0-9a-f-]{36}$`),
    );

    const dir = await mkdtemp(join(tmpdir(), "mixpay-cli-"));
    try {
      const svg = await cli(["qr", link.stdout.trim(), "--out", join(dir, "pay.svg")]);
      expect(svg.code).toBe(0);
      expect(await readFile(join(dir, "pay.svg"), "utf8")).toMatch(/^<svg/);
      const png = await cli(["qr", link.stdout.trim(), "--out", join(dir, "pay.png")]);
      expect(png.code).toBe(0);
      expect((await readFile(join(dir, "pay.png"))).subarray(1, 4).toString()).toBe("PNG");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const terminal = await cli(["qr", link.stdout.trim()]);
    expect(terminal.stdout).toMatch(/[█▀▄]/);
  });

  it("bad input gets a clear message naming the flag and exit 1", async () => {
    const run = await cli(["link", "--payee-id", "nope", "--quote-amount", "-3"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--payee-id: must be a MixPay payee UUID");
    expect(run.stderr).toContain("--quote-amount: must be a positive decimal number");
    const unknown = await cli(["fly"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "fly"');
    const qr = await cli(["qr", "x", "--out", "file.gif"]);
    expect(qr.code).toBe(1);
  });

  it("payee: a Mixin ID becomes the payee UUID with what it settles in; an unknown one is said plainly", async () => {
    const found = await cli(["payee", "7000104111"]);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain(`payee     ${DEMO_PAYEE_ID}`);
    expect(found.stdout).toContain("from      Mixin ID 7000104111");
    expect(found.stdout).toContain("kind      Mixin bot");
    expect(found.stdout).toMatch(/settles {3}.*USDT/);
    const json = JSON.parse((await cli(["payee", DEMO_PAYEE_ID, "--json"])).stdout);
    expect(json).toMatchObject({ payeeId: DEMO_PAYEE_ID, from: "uuid", kind: "unknown" });
    const unknown = await cli(["payee", "12345678"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("MixPay has no user with Mixin ID 12345678");
    const bad = await cli(["payee", "alice"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("must be a Mixin ID");
  });

  it("MixPay's own errors come through with their code", async () => {
    const run = await cli([
      "create",
      "--payee-id",
      "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de",
      "--settlement-asset-id",
      ASSET_IDS.USDT_ERC20,
      "--quote-asset-id",
      "usd",
      "--quote-amount",
      "5",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("MixPay error 10001");
  });
});

describe("npm start (scripts/demo.mjs)", () => {
  it("runs create → QR → watch against its own simulator and ends paid when the customer pays", async () => {
    const demo = join(import.meta.dirname, "..", "..", "..", "scripts", "demo.mjs");
    const run = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [demo, "--autopay", "--port", "0", "--amount", "7.25"]);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk;
      });
      child.stderr.on("data", (chunk: Buffer) => {
        out += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("one-time payment of 7.25 USD");
    expect(run.out).toMatch(/\/code\/[0-9a-f-]{36}/);
    expect(run.out).toMatch(/unpaid[\s\S]*paid\s+Paid\./);
    expect(run.out).toContain("Paid: the sale is complete.");
  }, 60_000);
});
