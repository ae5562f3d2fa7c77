import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MessageStatusResponse, SendMessageResponse, sealedSecretPattern } from '@herald/contracts';
import { accessTokenFile, customerWrites, eventually, Platform, startPlatform, testKafka, withDatabase, workspaceRoot } from '@herald/testing';
import { parseSecretKey, secretKeyId } from '@herald/whatsapp';
import type { IHeaders } from '@herald/kafka';

/** Every record of every topic, from the beginning up to what the topics hold now. */
async function everyRecord(): Promise<Array<{ topic: string; key: Buffer | null; value: Buffer | null; headers: IHeaders }>> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const topics = await admin.listTopics();
  const remaining = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, BigInt(high) - 1n);
    }
  }
  await admin.disconnect();
  const records: Array<{ topic: string; key: Buffer | null; value: Buffer | null; headers: IHeaders }> = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `herald-test-every-topic-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`topics not read to their end: ${[...remaining.keys()].join(', ')}`)), 60_000);
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          records.push({ topic, key: message.key, value: message.value, headers: message.headers ?? {} });
          const last = remaining.get(`${topic}:${partition}`);
          if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(`${topic}:${partition}`);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

describe('WhatsApp access tokens', () => {
  // Distinctive, so that finding one anywhere cannot be a coincidence. The sandbox accepts the first one only, so a
  // message sent and templates synced show that the dispatcher and the template service opened it.
  const seeded = `EAAGseeded${randomBytes(12).toString('hex')}`;
  const added = `EAAGadded${randomBytes(12).toString('hex')}`;
  const replaced = `EAAGreplaced${randomBytes(12).toString('hex')}`;
  let platform: Platform;
  const cli = (args: string[], input?: string) =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
        env: { ...process.env, ...platform.services.ingress.env },
        encoding: 'utf8',
        ...(input !== undefined ? { input } : {}),
      }),
    );

  beforeAll(async () => {
    platform = await startPlatform({ env: { SANDBOX_ACCESS_TOKEN: seeded } });
    await customerWrites(platform, '+15550004444');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const sendAndWaitSent = async () => {
    const accepted = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15550004444', from: 'whatsapp', type: 'text', content: { text: 'Sealed hello' } }),
    });
    expect(accepted.status).toBe(200);
    const { message } = (await accepted.json()) as SendMessageResponse;
    return eventually(async () => {
      const response = await fetch(`${platform.ingressUrl}/messages/status/${message.uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
      const { status } = ((await response.json()) as MessageStatusResponse).message;
      return ['sent', 'delivered', 'read', 'failed'].includes(status) ? status : undefined;
    }, 30_000);
  };

  it('are opened only to call WhatsApp: no topic and no table holds one in plain text', async () => {
    const team = cli(['teams', 'create', '--name', 'Sealed']);
    const channel = cli([
      'channels', 'add', '--team', team.uuid, '--name', 'Sealed main', '--phone-number-id', '100000000000061',
      '--waba-id', '100000000000001', '--access-token-file', accessTokenFile(added),
    ]);
    cli(['channels', 'set', '--channel', channel.uuid, '--access-token-stdin'], `${replaced}\n`);
    expect(cli(['templates', 'sync', '--team', platform.teamUuid]).synced).toBeGreaterThan(0);

    expect(['sent', 'delivered', 'read']).toContain(await sendAndWaitSent());

    const records = await everyRecord();
    const configured = records.filter((record) => record.topic === 'channel.configured');
    expect(configured.length).toBeGreaterThanOrEqual(3);
    for (const record of configured) expect(JSON.parse(String(record.value)).data.accessTokenSealed).toMatch(sealedSecretPattern);
    const holding = records
      .filter(({ key, value, headers }) => {
        const text = [key, value, ...Object.entries(headers).flatMap(([name, header]) => [name, ...[header].flat()])]
          .map((part) => (part === null || part === undefined ? '' : String(part)))
          .join('\n');
        return [seeded, added, replaced].some((token) => text.includes(token));
      })
      .map((record) => record.topic);
    expect(holding).toEqual([]);

    const inTables = await withDatabase(async (database) => {
      const { rows: columns } = await database.query<{ table_schema: string; table_name: string; column_name: string }>(
        `SELECT table_schema, table_name, column_name FROM information_schema.columns
          WHERE table_schema IN ('ingress', 'policy', 'template', 'dispatcher')
            AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`,
      );
      expect(columns.length).toBeGreaterThan(10);
      const found: string[] = [];
      for (const { table_schema, table_name, column_name } of columns) {
        const { rowCount } = await database.query(
          `SELECT 1 FROM "${table_schema}"."${table_name}" WHERE "${column_name}"::text LIKE ANY ($1) LIMIT 1`,
          [[seeded, added, replaced].map((token) => `%${token}%`)],
        );
        if (rowCount) found.push(`${table_schema}.${table_name}.${column_name}`);
      }
      return found;
    });
    expect(inTables).toEqual([]);
  });

  it('rotate: with the new key current and the old one kept, channels reseal seals every token again; then the old key can go', async () => {
    const oldKey = process.env.HERALD_SECRET_KEY as string;
    const newKey = randomBytes(32).toString('base64');
    const newKeyId = secretKeyId(parseSecretKey(newKey) as Buffer);
    const restart = async (env: Record<string, string>) => {
      for (const service of [platform.services.template, platform.services.dispatcher]) {
        await service.stop();
        Object.assign(service.env, env);
        await service.start();
      }
    };
    const keyIdsIn = (table: string) =>
      withDatabase(async (database) =>
        (await database.query(`SELECT DISTINCT split_part(access_token_sealed, '.', 2) AS id FROM ${table}`)).rows.map((row) => row.id as string),
      );

    await restart({ HERALD_SECRET_KEY: newKey, HERALD_SECRET_KEYS_OLD: oldKey });
    expect(['sent', 'delivered', 'read']).toContain(await sendAndWaitSent());
    const resealed = JSON.parse(
      execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'channels', 'reseal', '--json'], {
        env: { ...process.env, ...platform.services.ingress.env, HERALD_SECRET_KEY: newKey, HERALD_SECRET_KEYS_OLD: oldKey },
        encoding: 'utf8',
      }),
    );
    expect(resealed.resealed).toBeGreaterThanOrEqual(2);
    expect(await keyIdsIn('ingress.channels')).toEqual([newKeyId]);
    await eventually(async () => {
      const ids = [...(await keyIdsIn('dispatcher.channels')), ...(await keyIdsIn('template.channels'))];
      return ids.every((id) => id === newKeyId) ? true : undefined;
    });

    await restart({ HERALD_SECRET_KEY: newKey, HERALD_SECRET_KEYS_OLD: '' });
    expect(['sent', 'delivered', 'read']).toContain(await sendAndWaitSent());
    expect(
      JSON.parse(
        execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'templates', 'sync', '--team', platform.teamUuid, '--json'], {
          env: { ...process.env, ...platform.services.ingress.env, HERALD_SECRET_KEY: newKey },
          encoding: 'utf8',
        }),
      ).synced,
    ).toBeGreaterThan(0);

    // The spec files after this one share the database and channel.configured, sealed under the run's key: seal
    // every token under it again, as the same rotation back, before they start.
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'channels', 'reseal', '--json'], {
      env: { ...process.env, ...platform.services.ingress.env, HERALD_SECRET_KEY: oldKey, HERALD_SECRET_KEYS_OLD: newKey },
      encoding: 'utf8',
    });
    const oldKeyId = secretKeyId(parseSecretKey(oldKey) as Buffer);
    await eventually(async () => {
      const ids = [...(await keyIdsIn('ingress.channels')), ...(await keyIdsIn('dispatcher.channels')), ...(await keyIdsIn('template.channels'))];
      return ids.every((id) => id === oldKeyId) ? true : undefined;
    });
  });
});
