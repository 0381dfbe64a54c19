#!/usr/bin/env node
// What each published package would put on the registry, checked after the build: the file lists of
// `npm pack --dry-run --json` and of `pnpm pack --dry-run --json` (a release is published with pnpm, which turns
// workspace:* into versions; the two tools do not read `files` alike: pnpm ignores "!" patterns), the package.json
// fields a registry page shows, and the README's links (absolute, and pointing at files and headings that exist).
//
// Usage: node scripts/package-files.mjs [--report file.json]. Exit code 0 when every check passed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createReport } from "./lib/report.mjs";

const root = join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const reportFile = argv.includes("--report") ? argv[argv.indexOf("--report") + 1] : undefined;

/** Why a packed path is test material or build configuration that no user needs, or null when it is not. */
export function unwantedReason(path) {
  const rules = [
    [
      /(^|\/)(test|tests|__tests__|__mocks__|__fixtures__|fixtures|integration-tests|unit-tests|test-support)\//,
      "a test folder",
    ],
    [/\.(test|spec|e2e)\.[cm]?[jt]sx?(\.map)?$/, "a test file"],
    [/(^|\/)medusa-config\.[cm]?[jt]s$/, "a Medusa app config (the plugin's test app)"],
    [/(^|\/)medusa-plugin-options\.json$/, "a `plugin:develop` file (it makes a host load the admin from source)"],
    [/(^|\/)(jest|vitest|vite|tsup|playwright)\.config\.[cm]?[jt]s$/, "a test or build config"],
    [/(^|\/)tsconfig(\.[\w-]+)?\.json$/, "a TypeScript config"],
    [/(^|\/)\.env(\.|$)/, "an environment file"],
    [/(^|\/)(\.reports|\.turbo|coverage|bench|node_modules)\//, "a report, cache or benchmark folder"],
    [/^src\//, "TypeScript sources (the build output is shipped)"],
  ];
  for (const [pattern, reason] of rules) if (pattern.test(path)) return reason;
  return null;
}

function publishedPackages() {
  return readdirSync(join(root, "packages"))
    .map((name) => ({
      name,
      dir: join(root, "packages", name),
      pkg: JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8")),
    }))
    .filter(({ pkg }) => !pkg.private);
}

function packedFiles(tool, dir) {
  const cmd = tool === "npm" ? "npm" : join(root, "node_modules", ".bin", "pnpm");
  const out = spawnSync(cmd, ["pack", "--dry-run", "--json"], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20 });
  if (out.status !== 0) throw new Error(`${tool} pack --dry-run failed in ${dir}:\n${out.stderr}`);
  // npm prints an array of one package; pnpm the package itself. Either may print lines before the JSON.
  const json = JSON.parse(out.stdout.slice(out.stdout.search(/^[[{]/m)));
  const files = (Array.isArray(json) ? json[0] : json).files.map((f) => f.path.replace(/^package\//, ""));
  return files.sort();
}

/** Every file a package.json field points at (exports, main, module, types, bin): paths or wildcard prefixes. */
function entryPoints(pkg) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  walk(pkg.exports);
  walk(pkg.bin);
  for (const field of ["main", "module", "types"]) walk(pkg[field]);
  return [...new Set(targets.map((t) => t.replace(/^\.\//, "")))];
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertNone(list, what) {
  if (list.length > 0) throw new Error(`${what}:\n  ${list.join("\n  ")}`);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown) {
  const out = new Set();
  for (const line of markdown.split("\n")) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const slug = m[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    out.add(slug);
  }
  return out;
}

function markdownLinks(markdown) {
  // Drop fenced code: a `](` in code is not a link.
  const text = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** Problems with one README's links: relative ones, and links into this repository that lead nowhere. */
function linkProblems(readme, repoUrl, ownAnchors) {
  const base = repoUrl.replace(/^git\+/, "").replace(/\.git$/, "");
  const [, owner, repo] = /github\.com\/([^/]+)\/([^/]+)$/.exec(base) ?? [];
  const raw = `https://raw.githubusercontent.com/${owner}/${repo}/main/`;
  const problems = [];
  for (const link of markdownLinks(readme)) {
    if (link.startsWith("#")) {
      if (!ownAnchors.has(link.slice(1))) problems.push(`${link}: no such heading on this page`);
      continue;
    }
    if (!/^https?:\/\//.test(link) && !link.startsWith("mailto:")) {
      problems.push(`${link}: relative (it breaks on the registry's page)`);
      continue;
    }
    let path = null;
    let anchor = null;
    if (link.startsWith(raw)) path = link.slice(raw.length);
    else if (link === base || link.startsWith(`${base}#`)) {
      path = "README.md";
      anchor = link.split("#")[1] ?? null;
    } else if (link.startsWith(`${base}/blob/main/`) || link.startsWith(`${base}/tree/main/`)) {
      [path, anchor] = link.slice(`${base}/blob/main/`.length).split("#");
    } else if (/github\.com\/|raw\.githubusercontent\.com\//.test(link) && link.includes(`/${owner}/`)) {
      problems.push(`${link}: not under the repository URL ${base}`);
      continue;
    }
    if (path === null) continue;
    if (!existsSync(join(root, path))) {
      problems.push(`${link}: ${path} does not exist in the repository`);
      continue;
    }
    if (
      anchor &&
      anchor !== "readme" &&
      path.endsWith(".md") &&
      !anchors(readFileSync(join(root, path), "utf8")).has(anchor)
    ) {
      problems.push(`${link}: ${path} has no heading #${anchor}`);
    }
  }
  return problems;
}

const report = createReport("package files (scripts/package-files.mjs)");
const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const repoUrl = rootPkg.repository?.url;
const repoBase = String(repoUrl ?? "")
  .replace(/^git\+/, "")
  .replace(/\.git$/, "");

await report.check("the rule flags test files and test configs, and passes what a package needs", () => {
  const bad = [
    ".medusa/server/medusa-config.js",
    ".medusa/server/medusa-plugin-options.json",
    ".medusa/server/src/api/test/route.js",
    ".medusa/server/integration-tests/http/sale.spec.js",
    "dist/verify.test.js",
    "dist/verify.test.js.map",
    "test/verify.test.ts",
    "jest.config.js",
    "vitest.config.ts",
    "tsconfig.json",
    "src/index.ts",
    ".env",
  ];
  const good = [
    ".medusa/server/src/providers/mixpay/index.js",
    ".medusa/server/src/admin/index.mjs",
    "dist/index.cjs",
    "dist/index.d.ts",
    "dist/bin.js",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "package.json",
  ];
  assertNone(
    bad.filter((p) => !unwantedReason(p)),
    "not flagged",
  );
  assertNone(
    good.filter((p) => unwantedReason(p)).map((p) => `${p}: ${unwantedReason(p)}`),
    "flagged",
  );
});

for (const { name, dir, pkg } of publishedPackages()) {
  let npmFiles = [];
  let pnpmFiles = [];
  const listed = await report.check(`${pkg.name}: npm and pnpm pack the same files`, () => {
    npmFiles = packedFiles("npm", dir);
    pnpmFiles = packedFiles("pnpm", dir);
    const onlyNpm = npmFiles.filter((f) => !pnpmFiles.includes(f));
    const onlyPnpm = pnpmFiles.filter((f) => !npmFiles.includes(f));
    assertNone([...onlyNpm.map((f) => `npm only: ${f}`), ...onlyPnpm.map((f) => `pnpm only: ${f}`)], "they differ");
  });
  const files = [...new Set([...npmFiles, ...pnpmFiles])];

  await report.check(`${pkg.name}: packs no test files or test config`, () => {
    assert(listed, "no file list (see the check above)");
    assertNone(
      files.filter((f) => unwantedReason(f)).map((f) => `${f}: ${unwantedReason(f)}`),
      "packed, but no user needs them",
    );
  });

  await report.check(`${pkg.name}: packs what a user needs (README, LICENSE, CHANGELOG, every entry point)`, () => {
    assert(listed, "no file list (see the check above)");
    const missing = ["package.json", "README.md", "LICENSE", "CHANGELOG.md"].filter((f) => !files.includes(f));
    for (const target of entryPoints(pkg)) {
      if (target === "package.json") continue;
      const [prefix] = target.split("*");
      const found = target.includes("*") ? files.some((f) => f.startsWith(prefix)) : files.includes(target);
      if (!found) missing.push(`${target} (an entry point in package.json; is the package built?)`);
    }
    assertNone(missing, "not packed");
  });

  await report.check(`${pkg.name}: registry page (license, repository, homepage, bugs, keywords, README links)`, () => {
    const problems = [];
    if (pkg.license !== "MIT") problems.push(`license ${pkg.license}`);
    const license = existsSync(join(dir, "LICENSE")) ? readFileSync(join(dir, "LICENSE"), "utf8") : "";
    if (license !== readFileSync(join(root, "LICENSE"), "utf8")) problems.push("LICENSE differs from the root's");
    if (!repoUrl) problems.push("the root package.json has no repository.url");
    if (pkg.repository?.url !== repoUrl) problems.push(`repository.url ${pkg.repository?.url}, not ${repoUrl}`);
    if (pkg.repository?.directory !== `packages/${name}`)
      problems.push(`repository.directory ${pkg.repository?.directory}`);
    if (pkg.homepage !== `${repoBase}/tree/main/packages/${name}#readme`) problems.push(`homepage ${pkg.homepage}`);
    if (pkg.bugs?.url !== `${repoBase}/issues`) problems.push(`bugs.url ${pkg.bugs?.url}`);
    if (!Array.isArray(pkg.keywords) || pkg.keywords.length < 3) problems.push("fewer than 3 keywords");
    if (pkg.publishConfig?.access !== "public") problems.push("publishConfig.access is not public (a scoped package)");
    const readme = existsSync(join(dir, "README.md")) ? readFileSync(join(dir, "README.md"), "utf8") : "";
    if (!readme.startsWith(`# ${pkg.name}\n`)) problems.push(`README.md does not start with "# ${pkg.name}"`);
    problems.push(...linkProblems(readme, repoUrl ?? "", anchors(readme)).map((p) => `README: ${p}`));
    assertNone(problems, "problems");
  });
}

if (reportFile) report.write(reportFile);
process.exit(report.failed > 0 ? 1 : 0);
