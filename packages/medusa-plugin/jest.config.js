const { loadEnv } = require("@medusajs/framework/utils");

loadEnv("test", process.cwd());

// Medusa's test runners need jest (they use its globals and load the app through require()).
// TEST_TYPE picks the suite: unit (test/*.unit.spec.ts) or integration:http (integration-tests/http).
const suites = {
  unit: ["<rootDir>/test/**/*.unit.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/*.spec.[jt]s"],
};

module.exports = {
  transform: {
    "^.+\\.[jt]s$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true } } }],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: suites[process.env.TEST_TYPE || "unit"],
};
