import { type CheckPolicy, type CheckRecordState, decideCheck, nextJobCheckAt, windowFor } from "../src/lib/check-rule";

const policy: CheckPolicy = {
  windowMs: 15_000,
  maxWindowMs: 60_000,
  minGapMs: 1_000,
  jobIntervalMs: 30_000,
  jobMaxIntervalMs: 300_000,
  afterDeadlineMs: 5_000,
};
const T0 = Date.parse("2026-11-30T12:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000);

function record(over: Partial<CheckRecordState> = {}): CheckRecordState {
  return {
    final: false,
    created_at: at(0),
    check_claimed_at: null,
    last_checked_at: null,
    callback_asked_at: null,
    changed_at: null,
    unchanged_checks: 0,
    next_check_at: null,
    expires_at: at(900),
    ...over,
  };
}
const now = (s: number) => T0 + s * 1000;

describe("the check rule: when MixPay is asked about a payment", () => {
  it("never asks about a final record, whoever asks", () => {
    for (const trigger of ["callback", "screen", "job", "admin"] as const) {
      expect(decideCheck(record({ final: true }), trigger, now(3600), policy)).toEqual({
        ask: false,
        reason: "final",
        retryAtMs: null,
      });
    }
  });

  it("checks the first callback at once, even one second after the payment was made", () => {
    expect(decideCheck(record(), "callback", now(1), policy)).toEqual({ ask: true, news: true });
  });

  it("after a callback asked, further callbacks wait for the trace's window (15 s)", () => {
    const asked = record({ check_claimed_at: at(10), last_checked_at: at(10), callback_asked_at: at(10) });
    expect(decideCheck(asked, "callback", now(11), policy)).toEqual({
      ask: false,
      reason: "window",
      retryAtMs: now(25),
    });
    expect(decideCheck(asked, "callback", now(24.9), policy).ask).toBe(false);
    // A callback inside a busy window is routine, not news: it ranks below news in MixPay's budget.
    expect(decideCheck(asked, "callback", now(25), policy)).toEqual({ ask: true, news: false });
  });

  it("the first callback since the payment changed is checked at once (underpaid, then the top-up)", () => {
    const underpaid = record({
      check_claimed_at: at(30),
      last_checked_at: at(30.4),
      callback_asked_at: at(30),
      changed_at: at(30.4),
    });
    expect(decideCheck(underpaid, "callback", now(33), policy)).toEqual({ ask: true, news: true });
    // …but not twice within a second, whoever asks.
    expect(decideCheck(underpaid, "callback", now(31), policy)).toEqual({
      ask: false,
      reason: "window",
      retryAtMs: now(31.4),
    });
  });

  it("a screen leaves a new payment to its callback for one window, then asks once per window", () => {
    expect(decideCheck(record(), "screen", now(14), policy)).toEqual({
      ask: false,
      reason: "window",
      retryAtMs: now(15),
    });
    expect(decideCheck(record(), "screen", now(15), policy)).toEqual({ ask: true, news: false });
    const checked = record({ check_claimed_at: at(20), last_checked_at: at(20), unchanged_checks: 1 });
    expect(decideCheck(checked, "screen", now(34), policy).ask).toBe(false);
    expect(decideCheck(checked, "screen", now(35), policy).ask).toBe(true);
  });

  it("the window doubles while checks find nothing new, up to its cap", () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => windowFor(n, policy))).toEqual([
      15_000, 15_000, 30_000, 60_000, 60_000, 60_000,
    ]);
    const quiet = record({
      check_claimed_at: at(100),
      last_checked_at: at(100),
      callback_asked_at: at(40),
      unchanged_checks: 3,
    });
    expect(decideCheck(quiet, "screen", now(159), policy).ask).toBe(false);
    expect(decideCheck(quiet, "callback", now(159), policy).ask).toBe(false);
    expect(decideCheck(quiet, "screen", now(160), policy).ask).toBe(true);
  });

  it("an attacker hammering one trace for a minute gets at most one check per window", () => {
    let state = record();
    let asked = 0;
    for (let s = 0; s < 60; s += 0.2) {
      for (const trigger of ["callback", "screen"] as const) {
        if (decideCheck(state, trigger, now(s), policy).ask) {
          asked += 1;
          state = {
            ...state,
            check_claimed_at: at(s),
            last_checked_at: at(s),
            callback_asked_at: trigger === "callback" ? at(s) : state.callback_asked_at,
            unchanged_checks: (state.unchanged_checks ?? 0) + 1,
          };
        }
      }
    }
    // t = 0, 15, 45: the window grows 15 → 15 → 30 → 60 s while nothing changes.
    expect(asked).toBe(3);
  });

  it("the admin's recheck waits only a second", () => {
    const asked = record({ check_claimed_at: at(10), last_checked_at: at(10) });
    expect(decideCheck(asked, "admin", now(10.5), policy).ask).toBe(false);
    expect(decideCheck(asked, "admin", now(11), policy).ask).toBe(true);
  });

  it("the job asks when the record is due (every check by anyone moves that on)", () => {
    const due = record({
      next_check_at: at(60),
      check_claimed_at: at(30),
      last_checked_at: at(30),
      unchanged_checks: 1,
    });
    expect(decideCheck(due, "job", now(59), policy)).toEqual({ ask: false, reason: "window", retryAtMs: now(60) });
    expect(decideCheck(due, "job", now(60), policy).ask).toBe(true);
    // A record from before next_check_at existed is due jobIntervalMs after it was created.
    expect(decideCheck(record(), "job", now(29), policy).ask).toBe(false);
    expect(decideCheck(record(), "job", now(30), policy).ask).toBe(true);
  });
});

describe("nextJobCheckAt: the job backs off on a payment that does not change, up to its deadline", () => {
  it("doubles from jobIntervalMs up to jobMaxIntervalMs", () => {
    const far = { expires_at: at(100_000) };
    expect(
      [0, 1, 2, 3, 4, 8].map((n) => nextJobCheckAt({ ...far, unchanged_checks: n }, now(0), policy).getTime() - T0),
    ).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it("never skips past the deadline: it looks again just after it", () => {
    const next = nextJobCheckAt({ unchanged_checks: 4, expires_at: at(100) }, now(0), policy);
    expect(next.getTime()).toBe(now(105));
  });

  it("a deadline within the first interval waits the first interval", () => {
    const next = nextJobCheckAt({ unchanged_checks: 4, expires_at: at(10) }, now(0), policy);
    expect(next.getTime()).toBe(now(30));
  });

  it("after the deadline it backs off as usual", () => {
    const next = nextJobCheckAt({ unchanged_checks: 2, expires_at: at(-10) }, now(0), policy);
    expect(next.getTime()).toBe(now(120));
  });
});
