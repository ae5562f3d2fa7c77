import { MessageListResponse, SendMessageResponse } from '@herald/contracts';
import { Platform, startPlatform } from '@herald/testing';

describe('reading messages back, and the limits of the API', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({ ingressEnv: { RATE_LIMIT_PER_SECOND: '40' } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.ingressUrl}${path}`, { headers: { authorization: `Bearer ${platform.apiKey}`, ...headers } });

  it('lists the team’s messages newest first, a page at a time, filtered by recipient, status and time', async () => {
    const since = new Date().toISOString();
    const sent: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await fetch(`${platform.ingressUrl}/messages/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          to: '+15550008888',
          from: 'whatsapp',
          type: 'text',
          content: { text: `number ${index}` },
          metadata: { index: String(index) },
          ...(index === 0 ? { fields: 'contact' } : {}),
        }),
      });
      const answer = (await response.json()) as SendMessageResponse;
      if (index === 0) {
        expect(answer.message.contact).toEqual({ uuid: expect.stringMatching(/^[0-9a-f]{32}$/), name: null, phone: '+15550008888', email: null });
      }
      sent.push(answer.message.uuid);
    }

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query = `/messages?to=%2B15550008888&since=${encodeURIComponent(since)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await get(query);
      expect(response.status).toBe(200);
      const page = (await response.json()) as MessageListResponse;
      pages.push(page.messages.map((message) => message.uuid));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...sent].reverse());

    const first = ((await (await get(`/messages?to=%2B15550008888&limit=1`)).json()) as MessageListResponse).messages[0];
    expect(first).toMatchObject({ direction: 'outbound', metadata: { index: '4' } });

    const failedOnly = (await (await get(`/messages?to=%2B15550008888&status=failed`)).json()) as MessageListResponse;
    expect(failedOnly.messages).toEqual([]);
    const later = (await (await get(`/messages?to=%2B15550008888&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json()) as MessageListResponse;
    expect(later.messages).toEqual([]);

    const badCursor = await get('/messages?cursor=not-a-cursor');
    expect(badCursor.status).toBe(422);
    expect(await badCursor.json()).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), details: [{ field: 'cursor', problem: expect.any(String) }] },
    });
  });

  it('echoes the caller’s request id, and makes one up when there is none', async () => {
    const given = await get('/messages?limit=1', { 'x-request-id': 'client-trace-42' });
    expect(given.headers.get('x-request-id')).toBe('client-trace-42');
    const madeUp = await get('/messages?limit=1');
    expect(madeUp.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 429 with Retry-After once a key goes over its rate, and the error shape', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const statuses = await Promise.all(Array.from({ length: 60 }, () => get('/messages?limit=1')));
    const limited = statuses.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((response) => response.status === 200).length).toBeLessThanOrEqual(40);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited[0].json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // Health probes are never limited.
    expect((await fetch(`${platform.ingressUrl}/health/live`)).status).toBe(200);
  });
});
