import { randomBytes, randomUUID } from 'node:crypto';
import { FIND_INBOUND_MEDIA, InboundMediaRepository, LEDGER_SCHEMA } from '@herald/ledger';
import { MigratedDatabase, migratedDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';
import { ingressDatabase } from '../database/ingress.database';

/**
 * The ledger's `inbound_messages` as the ledger worker's migration makes it (its columns and the media id's partial
 * index this query reads), made here by hand: the ingress's specs cannot run another service's migrations.
 */
const LEDGER_INBOUND_MESSAGES = [
  `CREATE SCHEMA IF NOT EXISTS ${LEDGER_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${LEDGER_SCHEMA}.inbound_messages (
     uuid char(32) PRIMARY KEY,
     team_uuid uuid NOT NULL,
     channel_uuid uuid NOT NULL,
     phone text NOT NULL,
     provider_message_id text NOT NULL,
     type text NOT NULL,
     content jsonb NOT NULL,
     sent_at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     erased_at timestamptz,
     UNIQUE (channel_uuid, provider_message_id)
   )`,
  `CREATE INDEX IF NOT EXISTS inbound_messages_media_id ON ${LEDGER_SCHEMA}.inbound_messages ((content->'media'->>'id')) WHERE content ? 'media'`,
];

describe('the customers’ media a team may download, on PostgreSQL', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let media: InboundMediaRepository;

  beforeAll(async () => {
    database = await migratedDatabase(ingressDatabase);
    dataSource = database.dataSource;
    for (const statement of LEDGER_INBOUND_MESSAGES) await dataSource.query(statement);
    media = new InboundMediaRepository(dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const store = async (row: { team: string; channel: string; type: string; content: object; receivedAt?: Date; erased?: boolean }) => {
    await dataSource.query(
      `INSERT INTO ${LEDGER_SCHEMA}.inbound_messages (uuid, team_uuid, channel_uuid, phone, provider_message_id, type, content, sent_at, received_at, erased_at)
       VALUES ($1, $2, $3, '+15550001111', $4, $5, $6, now(), $7, $8)`,
      [randomBytes(16).toString('hex'), row.team, row.channel, `wamid.${randomBytes(6).toString('hex')}`, row.type, row.content, row.receivedAt ?? new Date(), row.erased ? new Date() : null],
    );
  };

  it("finds the channel that received a team's media, with its type and file name", async () => {
    const team = randomUUID();
    const channel = randomUUID();
    await store({ team, channel, type: 'document', content: { media: { id: '1001', mimeType: 'application/pdf', sha256: 'x', filename: 'invoice.pdf', caption: 'March' } } });
    await store({ team, channel, type: 'image', content: { media: { id: '1002' } } });

    expect(await media.findForTeam(team, '1001')).toEqual({ channelUuid: channel, type: 'document', mimeType: 'application/pdf', filename: 'invoice.pdf' });
    expect(await media.findForTeam(team, '1002')).toEqual({ channelUuid: channel, type: 'image' });
  });

  it("knows nothing of another team's media, an erased message's, or a text", async () => {
    const team = randomUUID();
    await store({ team, channel: randomUUID(), type: 'image', content: { media: { id: '2001' } } });
    await store({ team, channel: randomUUID(), type: 'image', content: { media: { id: '2002' } }, erased: true });
    await store({ team, channel: randomUUID(), type: 'text', content: { text: '2003' } });

    expect(await media.findForTeam(randomUUID(), '2001')).toBeNull();
    expect(await media.findForTeam(team, '2002')).toBeNull();
    expect(await media.findForTeam(team, '2003')).toBeNull();
    expect(await media.findForTeam(team, 'no-such-media')).toBeNull();
  });

  it('takes the channel that received it last when two did', async () => {
    const team = randomUUID();
    const later = randomUUID();
    await store({ team, channel: randomUUID(), type: 'image', content: { media: { id: '3001' } }, receivedAt: new Date(Date.now() - 60_000) });
    await store({ team, channel: later, type: 'image', content: { media: { id: '3001' } } });

    expect((await media.findForTeam(team, '3001'))?.channelUuid).toBe(later);
  });

  it('finds a media by its index, not by reading every message', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      // The table is small here: without this the planner would rightly read it all, and tell nothing.
      await runner.query('SET LOCAL enable_seqscan = off');
      const plan = JSON.stringify(await runner.query(`EXPLAIN (FORMAT JSON) ${FIND_INBOUND_MEDIA}`, [randomUUID(), '1001']));
      expect(plan).toContain('inbound_messages_media_id');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
