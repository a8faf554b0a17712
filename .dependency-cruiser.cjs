/**
 * The architecture as rules (ARCHITECTURE.md section 2): dependencies point inward,
 * handlers -> adapters -> ports <- core. `npm test` runs this (test/unit/boundaries.test.ts);
 * a broken rule fails the suite. Fix the design, never the rule.
 *
 * Layers (folders under functions/):
 *   core/                 pure domain: imports only core/ (and zod, yaml, node:crypto)
 *   ports/                interfaces: core/ and ports/ only
 *   services/             use cases: core/, ports/ and services/
 *   engine/               the check engine: core/ and engine/
 *   audit/                offline signature check and SLA figures: core/ and audit/
 *   adapters/common/      helpers both adapter families use: core/, ports/, engine/, adapters/common/
 *   adapters/aws/         core/, ports/, engine/, adapters/common/, adapters/aws/
 *   adapters/local/       core/, ports/, engine/, adapters/common/, adapters/local/
 *   api/                  the HTTP API (shared by Lambda and the local server): core/, ports/, services/, audit/, engine/, api/
 *   cli/                  the commands: core/, engine/, audit/, cli/
 * Composition roots, which may import anything and which nothing else imports:
 *   functions/<lambda>/handler.ts, functions/lambda/ (the Lambda roots' shared wiring),
 *   functions/runtime/ (npm start), bin/, lib/ (CDK), scripts/, bench/.
 */
const F = '^functions/';
const layer = (name) => `${F}${name}/`;
const roots = ['^bin/', '^lib/', '^scripts/', '^bench/', `${F}runtime/`, `${F}lambda/`, `${F}(scheduler|checker|verifier|recorder|aggregator|prober|http)/`];

/** A layer that may import only the listed layers (and npm packages / node builtins). */
function onlyImports(name, allowed, comment) {
  return {
    name: `${name.replaceAll('/', '-')}-imports-only-${allowed.map((a) => a.replaceAll('/', '-')).join('-')}`,
    comment,
    severity: 'error',
    from: { path: layer(name) },
    to: {
      path: '^(functions|bin|lib|scripts|bench|test)/',
      pathNot: allowed.map(layer),
    },
  };
}

module.exports = {
  forbidden: [
    onlyImports('core', ['core'], 'The core is pure: it imports nothing of the project outside core/.'),
    {
      name: 'core-has-no-io',
      comment: 'The core has no I/O: of the node builtins only crypto (hashing) is allowed.',
      severity: 'error',
      from: { path: layer('core') },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    onlyImports('ports', ['core', 'ports'], 'Ports are interfaces over core types.'),
    onlyImports('services', ['core', 'ports', 'services'], 'Services use the core through ports; never an adapter or the engine directly.'),
    onlyImports('engine', ['core', 'engine'], 'The check engine depends on the core only.'),
    onlyImports('audit', ['core', 'audit'], 'The offline signature check depends on the core only.'),
    onlyImports('adapters/common', ['core', 'ports', 'engine', 'adapters/common'], 'Shared adapter helpers: neither family, never services.'),
    onlyImports('adapters/aws', ['core', 'ports', 'engine', 'adapters/common', 'adapters/aws'], 'AWS adapters: never services/, never the local family.'),
    onlyImports('adapters/local', ['core', 'ports', 'engine', 'adapters/common', 'adapters/local'], 'Local adapters: never services/, never the AWS family.'),
    onlyImports('api', ['core', 'ports', 'services', 'audit', 'engine', 'api'], 'The HTTP API is wired by its composition roots; it never picks an adapter.'),
    onlyImports('cli', ['core', 'engine', 'audit', 'cli'], 'The CLI talks to an API; it shares the core, the engine and the signature check.'),
    {
      name: 'no-import-of-composition-roots',
      comment: 'Composition roots (handlers, runtime, Lambda wiring, bin, lib, scripts, bench) are leaves: nothing below them imports them.',
      severity: 'error',
      from: { path: `${F}(core|ports|services|engine|audit|adapters|api|cli|dashboard)/` },
      to: { path: roots },
    },
    {
      name: 'lib-reads-only-shared-definitions',
      comment:
        'The CDK app describes infrastructure. Of the functions it reads only what both sides must agree on: core types and errors, the environment names, the table design and the validation of private ranges; never adapters, services or the API.',
      severity: 'error',
      from: { path: '^lib/' },
      to: {
        path: '^functions/',
        pathNot: [layer('core'), `${F}lambda/env-names\\.ts$`, `${F}adapters/aws/table-design\\.ts$`, `${F}engine/address-policy\\.ts$`],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-code-never-imports-tests',
      severity: 'error',
      from: { path: '^(functions|bin|lib|scripts)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^functions/dashboard/static/' },
  },
};
