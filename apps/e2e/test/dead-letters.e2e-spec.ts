import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { conversationKey, deadLetterTopic, envelope, MessageStatusResponse, Topics } from '@herald/contracts';
import { eventually, Platform, publishRaw, readTopic, startPlatform, workspaceRoot } from '@herald/testing';

const herald = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
      env: process.env,
      encoding: 'utf8',
    }),
  );

interface ListedDeadLetter {
  id: string;
  topic: string;
  reason: string;
  at: string | null;
  eventId: string | null;
  messageUuid: string | null;
}

describe('dead letters', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const status = async (uuid: string) => {
    const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, {
      headers: { authorization: `Bearer ${platform.apiKey}` },
    });
    return response.status === 200 ? ((await response.json()) as MessageStatusResponse).message : undefined;
  };

  it("shows a dead-lettered message's reason in its status, and lists and replays its event from the CLI", async () => {
    // A template message for a channel the template service has never heard of: the policy approves it (it has the
    // opt-in), and the template service, after its retries, dead-letters the approval.
    const messageUuid = randomUUID().replace(/-/g, '');
    const channelUuid = randomUUID();
    const to = '+15550008888';
    const request = { to, from: channelUuid, type: 'text', content: { text: 'Ana' }, template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7', optin_contact: true };
    const event = envelope(Topics.MessageRequested, { messageUuid, teamUuid: platform.teamUuid, channelUuid, to, request, acceptedAt: new Date().toISOString() });
    await publishRaw(Topics.MessageRequested, conversationKey(channelUuid, to), JSON.stringify(event));

    const held = await eventually(async () => {
      const message = await status(messageUuid);
      return message?.status === 'held' ? message : undefined;
    }, 60_000);
    expect(held.failure).toEqual({ code: 'dead_lettered', message: `${Topics.MessageApproved}: channel ${channelUuid} is not known here yet` });
    expect(held.statusHistory.map((change) => change.status)).toEqual(['enqueued', 'held']);

    const listed = herald('dead-letters', 'list', '--topic', Topics.MessageApproved) as ListedDeadLetter[];
    const letter = listed.find((entry) => entry.messageUuid === messageUuid);
    expect(letter).toEqual({
      id: expect.stringMatching(/^\d+:\d+$/),
      topic: Topics.MessageApproved,
      reason: `channel ${channelUuid} is not known here yet`,
      at: expect.any(String),
      eventId: expect.any(String),
      messageUuid,
    });

    const replayed = herald('dead-letters', 'replay', '--topic', deadLetterTopic(Topics.MessageApproved), '--id', letter!.id) as ListedDeadLetter[];
    expect(replayed.map((entry) => entry.id)).toEqual([letter!.id]);

    // The event is on its topic again, as it was, and the template service works it again: with the channel still
    // unknown, it is dead-lettered a second time, the replay named on it.
    const again = await readTopic(deadLetterTopic(Topics.MessageApproved), (messages) =>
      messages.some((message) => message.headers?.['x-replayed-from']?.toString() === letter!.id),
    60_000);
    const second = again.find((message) => message.headers?.['x-replayed-from']?.toString() === letter!.id);
    expect(JSON.parse(second!.value!.toString()).id).toBe(letter!.eventId);
    expect(second!.headers?.['x-dead-letter-topic']?.toString()).toBe(Topics.MessageApproved);
  });

  it('refuses a topic Herald does not have, and a dead letter that is not there, in one line with exit code 1', () => {
    const failure = (...args: string[]) => {
      try {
        execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args], { env: process.env, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        return error as { status: number; stderr: string };
      }
      return undefined;
    };
    expect(failure('dead-letters', 'list', '--topic', 'orders')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^herald: There is no topic orders; Herald's topics are message\.requested, .*\n$/),
    });
    expect(failure('dead-letters', 'replay', '--topic', Topics.MessageReady, '--id', '0:999999')).toMatchObject({
      status: 1,
      stderr: `herald: There is no dead letter 0:999999 on ${deadLetterTopic(Topics.MessageReady)}\n`,
    });
  });
});
