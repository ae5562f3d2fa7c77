import { Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseConfig, ConfigError, loadConfig } from '@herald/config';
import { ConsumerStatus, kafkaConsumerStrategy } from '@herald/kafka';
import { everyRouteButHealth, REQUEST_ID_HEADER, requestIdOf, requireInternalApiToken } from '@herald/observability';
import { Logger } from 'nestjs-pino';

export interface ServiceDefinition<TConfig extends BaseConfig = BaseConfig> {
  /** `ingress`, `policy`...: names the consumer group (`herald-<name>`) and the logs. */
  name: string;
  module: Type<unknown>;
  /** The service's configuration class; a bad environment stops the start with a sentence per problem. */
  config: Type<TConfig>;
  /** Consume Kafka events through the Nest Kafka transport. */
  consumesKafka: boolean;
  bodyLimit?: (config: TConfig) => number;
  /**
   * The proxies (addresses, CIDRs, or proxy-addr's `loopback`, `linklocal`, `uniquelocal`) whose `X-Forwarded-For`
   * names the client. None by default: a client could otherwise name any address it likes as its own.
   */
  trustProxy?: (config: TConfig) => string[];
  /**
   * Routes (as declared, `/webhooks/whatsapp`) whose JSON bodies reach the handler as the raw bytes, unparsed: a
   * signature is checked over them before anything reads them. Every other route's JSON is parsed as Fastify does.
   */
  rawJsonRoutes?: string[];
  /**
   * Routes (as declared) whose body is a file's bytes (`application/octet-stream`), handed over as a Buffer of at
   * most `limit` bytes; every other route refuses such a body (415).
   */
  binaryBodies?: { routes: string[]; limit: number };
  /**
   * For a service only Herald calls: the token every request but a health probe must carry
   * (`Authorization: Bearer <token>`), else 401.
   */
  internalApiToken?: (config: TConfig) => string;
  /**
   * Checks that need the application (its database) before it consumes or listens: a ConfigError thrown here stops
   * the start with its sentences, as a bad environment does.
   */
  startupChecks?: (app: NestFastifyApplication, config: TConfig) => Promise<void>;
  /** Last touches before the service listens (the ingress mounts its API documentation here). */
  beforeListen?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Starts a Herald service the one way they all start: Fastify (health endpoints and, for the ingress, the API),
 * pino logs, the Kafka transport for consumers, and shutdown hooks so SIGTERM finishes in-flight events, commits
 * offsets and leaves the consumer group at once.
 */
export async function runService<TConfig extends BaseConfig>(
  definition: ServiceDefinition<TConfig>,
): Promise<NestFastifyApplication> {
  try {
    const config = loadConfig(definition.config);
    const app = await NestFactory.create<NestFastifyApplication>(
      definition.module,
      httpAdapter({ bodyLimit: definition.bodyLimit?.(config), trustProxy: definition.trustProxy?.(config) ?? [] }),
      // Nest's own parsers (JSON, and forms nobody sends) would parse every route's body before any handler ran.
      { bufferLogs: true, bodyParser: !definition.rawJsonRoutes },
    );
    if (definition.rawJsonRoutes) parseJsonExcept(app, new Set(definition.rawJsonRoutes));
    if (definition.binaryBodies) parseBinaryOn(app, new Set(definition.binaryBodies.routes), definition.binaryBodies.limit);
    app.useLogger(app.get(Logger));
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (request, reply, done) => {
        void reply.header(REQUEST_ID_HEADER, request.id);
        done();
      });
    if (definition.internalApiToken) {
      requireInternalApiToken(app.getHttpAdapter().getInstance(), definition.internalApiToken(config), everyRouteButHealth);
    }
    app.enableShutdownHooks();
    await definition.startupChecks?.(app, config);
    if (definition.consumesKafka) {
      // The modules' start-up hooks (TopicProvisioner creating the topics) run before the consumer subscribes to them.
      await app.init();
      const consumer = app.connectMicroservice<MicroserviceOptions>(kafkaConsumerStrategy(config, definition.name), {
        inheritAppConfig: true,
      });
      app.get(ConsumerStatus).track(consumer.status);
      await app.startAllMicroservices();
    }
    await definition.beforeListen?.(app);
    await app.listen({ port: config.PORT, host: config.HOST });
    new NestLogger(definition.name).log(`${definition.name} listening on ${await app.getUrl()}`);
    return app;
  } catch (error) {
    if (error instanceof ConfigError) {
      // A person reads this: say what is wrong, not where in the code it was noticed.
      process.stderr.write(`${definition.name}: ${error.message}\n`);
    } else {
      process.stderr.write(`${definition.name} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  }
}

/** The Fastify every service serves HTTP with. */
export function httpAdapter(options: { bodyLimit?: number; trustProxy: readonly string[] }): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    // With no proxy listed, `request.ip` is the peer's own address and X-Forwarded-For is not even read.
    trustProxy: options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    // The request id every log line of the request carries (pino-http takes Fastify's), echoed to the caller.
    genReqId: requestIdOf,
  });
}

/** JSON bodies parsed as Fastify parses them, except on `rawRoutes`, whose handlers get the bytes. */
export function parseJsonExcept(app: NestFastifyApplication, rawRoutes: ReadonlySet<string>): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (rawRoutes.has(request.routeOptions.url ?? '')) done(null, body);
    // Fastify's parser takes the bytes as they are (secure-json-parse decodes a Buffer as UTF-8).
    else parseJson(request, body as unknown as string, done);
  });
}

/** `application/octet-stream` bodies as a Buffer on `routes` only, up to `limit` bytes (past it, Fastify's 413). */
export function parseBinaryOn(app: NestFastifyApplication, routes: ReadonlySet<string>, limit: number): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: limit }, (request, body: Buffer, done) => {
      if (routes.has(request.routeOptions.url ?? '')) done(null, body);
      else done(Object.assign(new Error('This route takes no application/octet-stream body'), { statusCode: 415 }), undefined);
    });
}
