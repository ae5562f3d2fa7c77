import { MAX_RECORDED_SENDS, type NewSend, SentMessageStore } from './sent-message.store';

const headers = { host: '127.0.0.1:3100', authorization: 'Bearer ***', 'content-type': 'application/json' };

function send(index: number, extra: Partial<NewSend> = {}): NewSend {
  return {
    wamid: `wamid.${index}`,
    phoneNumberId: '100000000000002',
    apiVersion: 'v23.0',
    to: '15550001111',
    receivedAt: new Date(Date.UTC(2026, 10, 1, 10, 0, 0, index)),
    headers: { ...headers, 'content-length': String(100 + (index % 3)) },
    body: {
      messaging_product: 'whatsapp',
      to: '+1 555 000 1111',
      type: 'text',
      text: { body: `Message ${index} – “quoted” \u{1F600}` },
      biz_opaque_callback_data: `callback-${index}`,
    },
    bizOpaqueCallbackData: `callback-${index}`,
    ...extra,
  };
}

describe('SentMessageStore', () => {
  it('answers each send as it was received', () => {
    const store = new SentMessageStore();
    const given = send(7);
    store.add(given);
    const recorded = {
      wamid: 'wamid.7',
      phoneNumberId: '100000000000002',
      apiVersion: 'v23.0',
      to: '15550001111',
      receivedAt: '2026-11-01T10:00:00.007Z',
      headers: given.headers,
      body: given.body,
    };
    expect(store.find('wamid.7')).toEqual(recorded);
    expect(JSON.stringify(store.find('wamid.7'))).toBe(JSON.stringify(recorded));
    expect(store.list()).toEqual([recorded]);
    expect(store.find('wamid.8')).toBeUndefined();
  });

  it('keeps each send its own headers, and any text exactly, lone surrogates included', () => {
    const store = new SentMessageStore();
    for (let index = 0; index < 6; index += 1) store.add(send(index));
    expect(store.list().map((recorded) => recorded.headers['content-length'])).toEqual([
      '100',
      '101',
      '102',
      '100',
      '101',
      '102',
    ]);

    const unusual = 'quote " backslash \\ newline \n emoji 😀 lone \uD83D end';
    store.add(send(6, { bizOpaqueCallbackData: unusual, body: { text: { body: unusual } } }));
    store.add(send(7, { bizOpaqueCallbackData: '' }));
    expect(store.find('wamid.6')?.body).toEqual({ text: { body: unusual } });
    expect(store.receipts().slice(-2)).toEqual([
      { wamid: 'wamid.6', receivedAt: '2026-11-01T10:00:00.006Z', bizOpaqueCallbackData: unusual },
      { wamid: 'wamid.7', receivedAt: '2026-11-01T10:00:00.007Z', bizOpaqueCallbackData: '' },
    ]);
  });

  it('lists receipts oldest first, filtered as the sends are', () => {
    const store = new SentMessageStore();
    store.add(send(1));
    store.add(
      send(2, {
        to: '15550002222',
        phoneNumberId: '100000000000003',
        body: { messaging_product: 'whatsapp' },
      }),
    );
    expect(store.receipts()).toEqual([
      { wamid: 'wamid.1', receivedAt: '2026-11-01T10:00:00.001Z', bizOpaqueCallbackData: 'callback-1' },
      { wamid: 'wamid.2', receivedAt: '2026-11-01T10:00:00.002Z', bizOpaqueCallbackData: 'callback-2' },
    ]);
    store.add(send(3, { bizOpaqueCallbackData: undefined }));
    expect(store.receipts({ to: '+1 (555) 000-1111' }).map((receipt) => receipt.wamid)).toEqual([
      'wamid.1',
      'wamid.3',
    ]);
    expect(store.receipts({ phoneNumberId: '100000000000003' }).map((receipt) => receipt.wamid)).toEqual([
      'wamid.2',
    ]);
    expect(store.receipts({ to: '15550001111' })[1]).toEqual({
      wamid: 'wamid.3',
      receivedAt: '2026-11-01T10:00:00.003Z',
    });
  });

  it('forgets everything on clear, and records what comes after as before', () => {
    const store = new SentMessageStore();
    store.add(send(1));
    store.add(send(2));
    expect(store.clear()).toBe(2);
    expect(store.list()).toEqual([]);
    store.add(send(3, { to: '15550003333' }));
    expect(store.count()).toBe(1);
    expect(store.find('wamid.3')).toMatchObject({ to: '15550003333', body: send(3).body });
    expect(store.receipts({ to: '+1 555 000 3333' })).toEqual([
      { wamid: 'wamid.3', receivedAt: '2026-11-01T10:00:00.003Z', bizOpaqueCallbackData: 'callback-3' },
    ]);
  });

  it(`forgets the oldest sends past ${MAX_RECORDED_SENDS}`, () => {
    const store = new SentMessageStore();
    for (let index = 0; index <= MAX_RECORDED_SENDS; index += 1) store.add(send(index));
    expect(store.count()).toBe(MAX_RECORDED_SENDS);
    expect(store.find('wamid.0')).toBeUndefined();
    expect(store.find('wamid.1')?.wamid).toBe('wamid.1');
    expect(store.find(`wamid.${MAX_RECORDED_SENDS}`)?.receivedAt).toBe(
      new Date(Date.UTC(2026, 10, 1, 10, 0, 0, MAX_RECORDED_SENDS)).toISOString(),
    );
    expect(store.receipts()[0].wamid).toBe('wamid.1');
    expect(store.clear()).toBe(MAX_RECORDED_SENDS);
    expect(store.list()).toEqual([]);
  });
});
