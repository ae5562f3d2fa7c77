import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { DEMO_API_KEY, DEVELOPMENT_SETTINGS } from '@herald/config';
import { workspaceRoot } from './service-process';

interface ComposeService {
  image?: string;
  profiles?: string[];
  ports?: string[];
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(path.join(workspaceRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const broker = createRequire(__filename)(path.join(workspaceRoot, 'tools/kafka/broker.cjs')) as {
  KAFKA_VERSION: string;
  KAFKA_HEAP_OPTS: string;
  BROKER_SETTINGS: Record<string, string>;
};

const environmentOf = (service: string): Record<string, string> =>
  Object.fromEntries(Object.entries(compose.services[service]?.environment ?? {}).map(([name, value]) => [name, String(value)]));

/** The apps with this entry point (`main`, `migrate`) in their src/. */
const appsWith = (entry: string): string[] =>
  readdirSync(path.join(workspaceRoot, 'apps')).filter((app) => existsSync(path.join(workspaceRoot, 'apps', app, 'src', `${entry}.ts`)));

/** Where a broker runs, which compose sets for its network: the rest of what it is comes from broker.cjs. */
const WHERE_IT_RUNS = ['KAFKA_LISTENERS', 'KAFKA_ADVERTISED_LISTENERS', 'KAFKA_CONTROLLER_QUORUM_VOTERS', 'KAFKA_LOG_DIRS'];

describe('docker-compose.yml, which nothing here can run', () => {
  it('runs the broker that tools/kafka runs: the same Kafka, heap and settings, and no others', () => {
    const given = environmentOf('kafka');
    // The image makes the broker's `a.b.c` of KAFKA_A_B_C.
    const settings = Object.fromEntries(
      Object.entries(broker.BROKER_SETTINGS).map(([name, value]) => [`KAFKA_${name.replaceAll('.', '_').toUpperCase()}`, value]),
    );

    expect(compose.services.kafka?.image).toBe(`apache/kafka:${broker.KAFKA_VERSION}`);
    expect(given).toEqual({
      ...settings,
      KAFKA_HEAP_OPTS: broker.KAFKA_HEAP_OPTS,
      ...Object.fromEntries(WHERE_IT_RUNS.map((name) => [name, expect.any(String)])),
    });
  });

  it("keeps the broker's and the database's data on their volumes", () => {
    const mounted = (service: string) => (compose.services[service]?.volumes ?? []).map((volume) => volume.split(':')[1]);

    expect(mounted('kafka')).toContain(environmentOf('kafka').KAFKA_LOG_DIRS);
    expect(mounted('postgres')).toContain('/var/lib/postgresql/data');
  });

  it('runs the Kafka that tools/kafka fetches from Maven Central', () => {
    const pom = readFileSync(path.join(workspaceRoot, 'tools/kafka/pom.xml'), 'utf8');

    expect(pom.match(/<kafka\.version>([^<]+)<\/kafka\.version>/)?.[1]).toBe(broker.KAFKA_VERSION);
  });

  it('runs every app as a service of its own, once every migration has run', () => {
    const migrations = compose.services.migrate?.command?.join(' ') ?? '';

    for (const app of appsWith('migrate')) {
      expect(migrations).toContain(`node dist/apps/${app}/src/migrate.js`);
      expect(compose.services[app]?.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
    for (const app of appsWith('main')) expect({ app, APP: environmentOf(app).APP }).toEqual({ app, APP: app });
    // The ledger's first migration takes over the tables the ingress's early migrations made.
    expect(migrations.indexOf('apps/ingress/src/migrate.js')).toBeLessThan(migrations.indexOf('apps/ledger/src/migrate.js'));
  });

  it('gives the key that seals access tokens to what seals or opens one, and to nothing else', () => {
    const holders = Object.keys(compose.services).filter((service) => environmentOf(service).HERALD_SECRET_KEY !== undefined);

    expect(holders.sort()).toEqual(['dispatcher', 'migrate', 'template']);
    expect(new Set(holders.map((service) => environmentOf(service).HERALD_SECRET_KEY)).size).toBe(1);
  });

  it("gives the key that seals webhook secrets to the ingress, which seals them, and the notifier, which opens them", () => {
    const holders = Object.keys(compose.services).filter((service) => environmentOf(service).WEBHOOK_SECRET_KEY !== undefined);

    expect(holders.sort()).toEqual(['ingress', 'notifier']);
    expect(new Set(holders.map((service) => environmentOf(service).WEBHOOK_SECRET_KEY)).size).toBe(1);
  });

  it('points each service at the others where they listen', () => {
    const at = (service: string) => `http://${service}:${environmentOf(service).PORT}`;
    const ingress = environmentOf('ingress');

    expect([ingress.POLICY_URL, ingress.TEMPLATE_URL, ingress.DISPATCHER_URL]).toEqual([at('policy'), at('template'), at('dispatcher')]);
    expect(environmentOf('whatsapp-sandbox').WEBHOOK_URL).toBe(`${at('ingress')}/webhooks/whatsapp`);
    expect(ingress.KAFKA_BROKERS).toBe(environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS.replace('PLAINTEXT://', ''));
  });

  it('fetches media links from public addresses only, unless the deployment says otherwise', () => {
    expect(environmentOf('dispatcher').MEDIA_FETCH_ALLOW_PRIVATE).toBe('${MEDIA_FETCH_ALLOW_PRIVATE:-false}');
    expect(environmentOf('dispatcher').MEDIA_UPLOAD_LINKS).toBe('${MEDIA_UPLOAD_LINKS:-true}');
  });

  describe('the sandbox, a development tool, never signs for a production deployment', () => {
    const development = (service: string) => compose.services[service]?.profiles?.includes('dev') ?? false;
    const published = Object.values({ ...DEVELOPMENT_SETTINGS, DEMO_API_KEY });

    it('runs only in the dev profile, on no published port', () => {
      expect(compose.services['whatsapp-sandbox']?.profiles).toEqual(['dev']);
      expect(compose.services['whatsapp-sandbox']?.ports).toBeUndefined();
    });

    it('signs with a secret of its own, not the one the deployment gives the ingress', () => {
      expect(environmentOf('whatsapp-sandbox').WHATSAPP_APP_SECRET).not.toBe(environmentOf('ingress').WHATSAPP_APP_SECRET);
    });

    it('leaves development mode, the development secrets and the demo seed out of every service outside the dev profile', () => {
      for (const service of Object.keys(compose.services).filter((name) => !development(name))) {
        const given = environmentOf(service);
        expect({ service, HERALD_ENV: given.HERALD_ENV ?? '${HERALD_ENV:-production}' }).toEqual({ service, HERALD_ENV: '${HERALD_ENV:-production}' });
        for (const value of Object.values(given)) {
          for (const secret of published) expect({ service, value }).toEqual({ service, value: expect.not.stringContaining(secret) });
        }
        expect({ service, command: compose.services[service]?.command?.join(' ') ?? '' }).toEqual({ service, command: expect.not.stringContaining('seed-demo') });
      }
    });

    it('publishes no port but the public API: policy, template and dispatcher answer only on the compose network', () => {
      const withPorts = Object.entries(compose.services).filter(([, service]) => service.ports !== undefined);

      expect(withPorts.map(([name]) => name)).toEqual(['ingress']);
      for (const app of ['policy', 'template', 'dispatcher']) expect({ app, HOST: environmentOf(app).HOST }).toEqual({ app, HOST: '0.0.0.0' });
    });
  });
});
