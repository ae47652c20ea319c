import { defineConfig } from 'vitest/config';

/**
 * Suites that need more than the code and the tools' syntax checks: real git repositories, network
 * namespaces, a browser, the Pulumi language host, or the CLI as separate processes. Everything else
 * (the core, formats, renderers and their golden files, the CLI run in-process) is the unit
 * project: `npm run test:unit`.
 */
const INTEGRATION = [
  'test/git/**/*.test.ts',
  'test/github/ci.test.ts',
  'test/github/pr-scope.test.ts',
  'test/github/verify-signoff.test.ts',
  'test/firewall/e2e-*.test.ts',
  'test/firewall/nft-semantics.test.ts',
  'test/firewall/tools.test.ts',
  'test/firewall/rule-count.test.ts',
  'test/gateway/agent-*.test.ts',
  'test/gateway/tables.test.ts',
  'test/gateway/source.test.ts',
  'test/pulumi/language-host.test.ts',
  'test/report/history.test.ts',
  'test/report/report.test.ts',
  'test/report/moves.test.ts',
  'test/report/index-html.test.ts',
  'test/report/laporan-html.test.ts',
  'test/cli/bin-output.test.ts',
  'test/cli/build.test.ts',
];

export default defineConfig({
  test: {
    // Namespace and git tests spawn real processes; two cores here, so keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
  },
});
