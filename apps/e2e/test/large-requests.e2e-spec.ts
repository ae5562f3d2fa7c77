import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MAX_CAPTION_LENGTH } from '@herald/contracts';
import { accessTokenFile, Platform, startPlatform, workspaceRoot } from '@herald/testing';

const herald = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
      env: process.env,
      encoding: 'utf8',
    }),
  );

describe('large requests of one team beside small ones of another', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = (apiKey: string, body: Record<string, unknown>) =>
    fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('accepts every small send while twenty bodies of about 246 KB are accepted at the same time', async () => {
    const team = herald('teams', 'create', '--name', 'Small senders');
    herald(
      'channels', 'add', '--team', team.uuid, '--name', 'Small main',
      '--phone-number-id', '100000000000012', '--waba-id', '100000000000011', '--access-token-file', accessTokenFile('small-token'),
    );
    const smallKey = herald('keys', 'create', '--team', team.uuid, '--name', 'backend').secret as string;

    // 80 values of 1024 three-byte characters: within the DTO's limits and the default body limit. All twenty go to
    // one recipient, so one conversation (one partition) carries them all, more than the broker takes at once.
    const large = {
      to: '+15550009999',
      from: 'whatsapp',
      type: 'text',
      content: { text: 'ignored' },
      template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7',
      template_values: Array.from({ length: 80 }, () => '€'.repeat(MAX_CAPTION_LENGTH)),
      optin_contact: true,
    };
    const largeBytes = Buffer.byteLength(JSON.stringify(large));
    expect(largeBytes).toBeGreaterThan(240 * 1024);
    expect(largeBytes).toBeLessThan(256 * 1024);

    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => send(platform.apiKey, large)),
      ...Array.from({ length: 60 }, (_, index) =>
        send(smallKey, { to: `+1555001${String(index).padStart(4, '0')}`, from: 'whatsapp', type: 'text', content: { text: `small ${index}` } }),
      ),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.slice(20)).toEqual(Array.from({ length: 60 }, () => 200));
    expect(statuses.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 200));
  });
});
