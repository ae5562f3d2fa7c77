import { execFileSync } from 'node:child_process';
import { workspaceRoot } from './service-process';

interface Probe {
  /** Where the snippet pretends to live: the tags of that file's project decide what it may import. */
  file: string;
  code: string;
}

interface DepConstraint {
  sourceTag?: string;
  allSourceTags?: string[];
  onlyDependOnLibsWithTags?: string[];
}

interface Finding {
  file: string;
  rules: string[];
  messages: string[];
}

/** The rules that carry the boundaries; anything else a probe trips (an unused import) is beside the point. */
const BOUNDARY_RULES = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];

/**
 * Lints each probe with the workspace's own eslint.config.mjs, in a child process: ESLint loads its config as an ES
 * module, which jest's module system does not. The rule reads the project graph Nx caches (every nx task builds it).
 */
function lint(probes: Probe[]): { findings: Map<string, Finding>; depConstraints: DepConstraint[] } {
  const script = `
    const { ESLint } = require('eslint');
    const devkit = require('@nx/devkit');
    (async () => {
      try { devkit.readCachedProjectGraph(); } catch { await devkit.createProjectGraphAsync({ exitOnError: true }); }
      const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: 'eslint.config.mjs' });
      const findings = [];
      for (const probe of JSON.parse(process.argv[1])) {
        const [result] = await eslint.lintText(probe.code, { filePath: probe.file });
        const hits = result.messages.filter((message) => ${JSON.stringify(BOUNDARY_RULES)}.includes(message.ruleId));
        findings.push({ file: probe.file, rules: hits.map((hit) => hit.ruleId), messages: hits.map((hit) => hit.message) });
      }
      const config = await eslint.calculateConfigForFile('libs/config/src/index.ts');
      const depConstraints = config.rules['@nx/enforce-module-boundaries'][1].depConstraints;
      process.stdout.write(JSON.stringify({ findings, depConstraints }));
    })().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
  `;
  const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(probes)], {
    cwd: workspaceRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const { findings, depConstraints } = JSON.parse(output) as {
    findings: Finding[];
    depConstraints: DepConstraint[];
  };
  return { findings: new Map(findings.map((finding) => [finding.file, finding])), depConstraints };
}

/**
 * Whether a project with these tags may import a lib with those, read as the Nx rule reads depConstraints: every
 * constraint whose source tags the project carries must list one of the lib's tags. It answers for pairs no real
 * import can show yet: the rule reports a cycle before a tag, and every data-access lib already imports the util one.
 */
function mayDependOn(depConstraints: DepConstraint[], sourceTags: string[], targetTags: string[]): boolean {
  return depConstraints
    .filter((constraint) =>
      (constraint.allSourceTags ?? [constraint.sourceTag!]).every((tag) => sourceTags.includes(tag)),
    )
    .every(
      (constraint) =>
        !constraint.onlyDependOnLibsWithTags ||
        constraint.onlyDependOnLibsWithTags.some((tag) => targetTags.includes(tag)),
    );
}

const probes: Record<string, Probe> = {
  kafkajsInApp: {
    file: 'apps/ingress/src/accounts/boundary-probe.service.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  },
  kafkajsInE2e: {
    file: 'apps/e2e/test/boundary-probe.e2e-spec.ts',
    code: "import type { KafkaMessage } from 'kafkajs';\nexport type Probe = KafkaMessage;\n",
  },
  kafkajsInPersistence: {
    file: 'libs/persistence/src/boundary-probe.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  },
  kafkajsInKafka: {
    file: 'libs/kafka/src/boundary-probe.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  },
  kafkaTypesThroughTheLib: {
    file: 'apps/e2e/test/boundary-probe-types.e2e-spec.ts',
    code: "import type { KafkaMessage } from '@herald/kafka';\nexport type Probe = KafkaMessage;\n",
  },
  typeormInService: {
    file: 'apps/policy/src/contacts/boundary-probe.service.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  pgInController: {
    file: 'apps/template/src/templates/boundary-probe.controller.ts',
    code: "import { Client } from 'pg';\nexport const probe = Client;\n",
  },
  typeormInRepository: {
    file: 'apps/policy/src/contacts/boundary-probe.repository.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  pgInGraphApiLib: {
    file: 'libs/whatsapp/src/boundary-probe.ts',
    code: "import { Client } from 'pg';\nexport const probe = Client;\n",
  },
  typeormInUtil: {
    file: 'libs/config/src/boundary-probe.ts',
    code: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  dataAccessOnFeature: {
    file: 'libs/whatsapp/src/boundary-probe-layer.ts',
    code: "import { runService } from '@herald/runtime';\nexport const probe = runService;\n",
  },
  dataAccessOnUtil: {
    file: 'libs/persistence/src/boundary-probe-layer.ts',
    code: "import { BaseConfig } from '@herald/config';\nexport const probe = BaseConfig;\n",
  },
  appOnTesting: {
    file: 'apps/dispatcher/src/boundary-probe.ts',
    code: "import { startPlatform } from '@herald/testing';\nexport const probe = startPlatform;\n",
  },
  appSpecOnTesting: {
    file: 'apps/dispatcher/src/boundary-probe.integration-spec.ts',
    code: "import { migratedDatabase } from '@herald/testing';\nexport const probe = migratedDatabase;\n",
  },
  e2eOnTesting: {
    file: 'apps/e2e/test/boundary-probe-testing.e2e-spec.ts',
    code: "import { startPlatform } from '@herald/testing';\nexport const probe = startPlatform;\n",
  },
  appOnAnotherApp: {
    file: 'apps/policy/src/boundary-probe.ts',
    code: "import { AccountsService } from '../../ingress/src/accounts/accounts.service';\nexport const probe = AccountsService;\n",
  },
};

describe('module boundaries (eslint.config.mjs)', () => {
  let findings: Map<string, Finding>;
  let depConstraints: DepConstraint[];
  const rulesFor = (name: keyof typeof probes) => findings.get(probes[name].file)!.rules;
  const messagesFor = (name: keyof typeof probes) => findings.get(probes[name].file)!.messages.join('\n');

  beforeAll(() => {
    ({ findings, depConstraints } = lint(Object.values(probes)));
  }, 120_000);

  it('lets only libs/kafka import kafkajs; the others take its types from @herald/kafka', () => {
    expect(messagesFor('kafkajsInApp')).toContain('"type:app" is not allowed to import "kafkajs"');
    expect(messagesFor('kafkajsInE2e')).toContain('"type:e2e" is not allowed to import "kafkajs"');
    expect(messagesFor('kafkajsInPersistence')).toContain(
      '"access:postgres" is not allowed to import "kafkajs"',
    );
    expect(rulesFor('kafkajsInKafka')).toEqual([]);
    expect(rulesFor('kafkaTypesThroughTheLib')).toEqual([]);
  });

  it('keeps typeorm and pg in data-access code: an app service or controller, a util or another client lib may not', () => {
    expect(rulesFor('typeormInService')).toEqual(['no-restricted-imports']);
    expect(messagesFor('typeormInService')).toContain('put the query in a repository');
    expect(rulesFor('pgInController')).toEqual(['no-restricted-imports']);
    expect(rulesFor('typeormInRepository')).toEqual([]);
    expect(messagesFor('pgInGraphApiLib')).toContain('"access:graph-api" is not allowed to import "pg"');
    expect(messagesFor('typeormInUtil')).toContain('"type:util" is not allowed to import "typeorm"');
  });

  it('orders the layers: util never depends on data-access, data-access never on feature, contracts on nothing', () => {
    expect(
      mayDependOn(depConstraints, ['type:util', 'scope:shared'], ['type:data-access', 'scope:shared']),
    ).toBe(false);
    expect(
      mayDependOn(depConstraints, ['type:data-access', 'scope:shared'], ['type:util', 'scope:shared']),
    ).toBe(true);
    expect(messagesFor('dataAccessOnFeature')).toContain(
      'A project tagged with "type:data-access" can only depend on libs tagged with',
    );
    expect(rulesFor('dataAccessOnUtil')).toEqual([]);
    expect(
      mayDependOn(depConstraints, ['type:contracts', 'scope:shared'], ['type:util', 'scope:shared']),
    ).toBe(false);
  });

  it("keeps the test harness out of the deployables and lets the e2e suite and an app's own specs use it", () => {
    expect(messagesFor('appOnTesting')).toContain(
      'A project tagged with "type:app" can only depend on libs tagged with',
    );
    expect(rulesFor('appSpecOnTesting')).toEqual([]);
    expect(rulesFor('e2eOnTesting')).toEqual([]);
  });

  it('forbids one deployable importing another, or a lib of another scope', () => {
    expect(rulesFor('appOnAnotherApp')).toContain('@nx/enforce-module-boundaries');
    expect(
      mayDependOn(depConstraints, ['type:app', 'scope:policy'], ['type:data-access', 'scope:ingress']),
    ).toBe(false);
    expect(
      mayDependOn(
        depConstraints,
        ['type:data-access', 'scope:shared'],
        ['type:data-access', 'scope:ingress'],
      ),
    ).toBe(false);
    expect(
      mayDependOn(depConstraints, ['type:app', 'scope:policy'], ['type:data-access', 'scope:policy']),
    ).toBe(true);
    expect(mayDependOn(depConstraints, ['type:e2e', 'scope:e2e'], ['type:testing', 'scope:shared'])).toBe(
      true,
    );
  });
});
