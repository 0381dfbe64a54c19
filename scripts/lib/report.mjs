// A test report in the shape vitest and jest write (numPassedTests, numFailedTests, testResults), so that
// scripts/run-tests.mjs sums the repository-level checks with every package's tests.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function createReport(suiteName) {
  const results = [];
  return {
    /** Runs one named check; a thrown error fails it (and is printed), anything else passes. */
    async check(title, fn) {
      const started = Date.now();
      try {
        await fn();
        results.push({ title, status: "passed", duration: Date.now() - started, failureMessages: [] });
        console.log(`  ✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return true;
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        results.push({ title, status: "failed", duration: Date.now() - started, failureMessages: [message] });
        console.log(`  ✗ ${title}\n${message.replace(/^/gm, "      ")}`);
        return false;
      }
    },
    skip(title, why) {
      results.push({ title, status: "pending", duration: 0, failureMessages: [] });
      console.log(`  - ${title} (skipped: ${why})`);
    },
    get failed() {
      return results.filter((r) => r.status === "failed").length;
    },
    write(file) {
      const failed = results.filter((r) => r.status === "failed").length;
      const report = {
        numPassedTests: results.filter((r) => r.status === "passed").length,
        numFailedTests: failed,
        numPendingTests: results.filter((r) => r.status === "pending").length,
        numTodoTests: 0,
        success: failed === 0,
        testResults: [{ name: suiteName, status: failed ? "failed" : "passed", assertionResults: results }],
      };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    },
  };
}
