import { createSimulator, DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import { createMswHandlers } from "@mixpay-pos/simulator/msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MixPayClient } from "../src/client.js";
import { MixPayNetworkError, MixPayValidationError } from "../src/errors.js";
import { PayeeNotFoundError, resolvePayee } from "../src/payee.js";

/** Against the simulator's state machine through msw: its payee directory is the test data. */
const sim = createSimulator({ rateLimitPerMinute: false });
const server = setupServer(...createMswHandlers(sim));
const client = new MixPayClient({ rateLimiter: false, retry: false });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sim.reset());
afterAll(() => {
  server.close();
  sim.close();
});

describe("resolvePayee", () => {
  it("looks up a Mixin ID (digits) and returns the payee with what it settles in", async () => {
    const payee = await resolvePayee(client, " 7000104111 ");
    expect(payee).toMatchObject({ payeeId: DEMO_PAYEE_ID, from: "mixin-id", mixinId: "7000104111", kind: "bot" });
    expect(payee.settlementAssets.map((a) => a.symbol)).toContain("USDT");
  });

  it("checks a UUID, in either of MixPay's forms, and normalises it", async () => {
    const compact = DEMO_PAYEE_ID.replace(/-/g, "").toUpperCase();
    // MixPay does not say what a UUID is: user, bot or multisig group.
    expect(await resolvePayee(client, compact)).toMatchObject({
      payeeId: DEMO_PAYEE_ID,
      from: "uuid",
      kind: "unknown",
    });
    expect(await resolvePayee(client, DEMO_PAYEE_ID.toUpperCase())).toMatchObject({ payeeId: DEMO_PAYEE_ID });
  });

  it("finds bots and multisig groups added to the directory", async () => {
    sim.addPayee({
      payeeId: "0d9a3f6e-2b1c-4e8f-9a7d-6c5b4a3f2e1d",
      mixinId: "7000109999",
      name: "Till bot",
      kind: "bot",
    });
    expect(await resolvePayee(client, "7000109999")).toMatchObject({
      payeeId: "0d9a3f6e-2b1c-4e8f-9a7d-6c5b4a3f2e1d",
      kind: "bot",
    });
    // Any other Mixin ID is a user's.
    expect(await resolvePayee(client, "37160854")).toMatchObject({ kind: "user" });
  });

  it("says in plain words when MixPay does not know the Mixin ID or the UUID", async () => {
    await expect(resolvePayee(client, "12345678")).rejects.toThrow(PayeeNotFoundError);
    await expect(resolvePayee(client, "12345678")).rejects.toThrow(/no user with Mixin ID 12345678/);
    await expect(resolvePayee(client, "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de")).rejects.toThrow(
      /does not know the payee/,
    );
  });

  it.each(["", "abc", "123", "1234567890123", "8e69e534-d0c4-3e04-8b61", "7000104111; drop table"])(
    "refuses %j before asking MixPay, naming the field",
    async (input) => {
      const error = await resolvePayee(client, input).catch((e) => e);
      expect(error).toBeInstanceOf(MixPayValidationError);
      expect(error.field).toBe("payee");
    },
  );

  it("passes MixPay being down through as a network error, not as 'unknown payee'", async () => {
    sim.setFaults({ down: true });
    await expect(resolvePayee(client, "7000104111")).rejects.toThrow(MixPayNetworkError);
  });
});
