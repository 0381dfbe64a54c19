import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * What `medusa plugin:build` shipped (the repository's test run builds first). Its tsc step silently skips
 * folders named test, unit-tests or integration-tests, so a route in such a folder would work in the
 * integration tests (which load the source) and be missing for every real shop.
 */
const root = join(__dirname, "..");
const built = join(root, ".medusa", "server");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [relative(root, path)] : [];
  });
}

describe("plugin build output", () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error("no .medusa/server: run the plugin's build (pnpm build) before its tests");
  });

  it("has every API route of the source", () => {
    const routes = routeFiles(join(root, "src", "api"));
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !existsSync(join(built, r.replace(/\.ts$/, ".js"))));
    expect(missing).toEqual([]);
  });

  it("bundles the admin extensions: settings page, terminal route and order widget, with admin-ui left external", () => {
    for (const file of ["index.mjs", "index.js"]) {
      const bundle = readFileSync(join(built, "src", "admin", file), "utf8");
      expect(bundle).toContain('path: "/settings/mixpay"');
      expect(bundle).toContain('path: "/mixpay-terminal"');
      expect(bundle).toContain('"order.details.side.after"');
      expect(bundle).toMatch(/from "@mixpay-pos\/admin-ui"|require\("@mixpay-pos\/admin-ui"\)/);
    }
  });

  it("every path package.json exports exists, so a host can import the provider, module and workflows", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    const fixed = Object.values(pkg.exports)
      .flatMap((target) => (typeof target === "string" ? [target] : Object.values(target as Record<string, string>)))
      .filter((target) => !target.includes("*"));
    expect(fixed).toContain("./.medusa/server/src/workflows/index.js");
    expect(fixed.filter((target) => !existsSync(join(root, target)))).toEqual([]);
    for (const name of ["mixpay"]) {
      expect(existsSync(join(built, "src", "modules", name, "index.js"))).toBe(true);
      expect(existsSync(join(built, "src", "providers", name, "index.js"))).toBe(true);
    }
  });
});
