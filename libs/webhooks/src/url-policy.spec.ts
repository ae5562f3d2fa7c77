import { checkWebhookUrl, isRefusedAddress } from './url-policy';

const strict = { allowPrivate: false, allowedHosts: [] };
const resolvesTo = (...addresses: string[]) => async () => addresses;

describe('isRefusedAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', 'not an address'])(
    'refuses %s',
    (address) => expect(isRefusedAddress(address)).toBe(true),
  );

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => expect(isRefusedAddress(address)).toBe(false));
});

describe('checkWebhookUrl', () => {
  it('takes an https URL whose host resolves to public addresses, and answers them', async () => {
    const verdict = await checkWebhookUrl('https://hooks.example.com/herald', strict, resolvesTo('93.184.216.34'));
    expect(verdict).toEqual(expect.objectContaining({ ok: true, addresses: ['93.184.216.34'] }));
  });

  it.each([
    ['http://hooks.example.com/', 'must be an https URL'],
    ['ftp://hooks.example.com/', 'must be an https URL'],
    ['https://user:pass@hooks.example.com/', 'must not carry credentials'],
    ['not a url', 'is not a URL'],
    ['https://127.0.0.1/', 'its host resolves to 127.0.0.1, a private, loopback or reserved address'],
    ['https://[::1]/', 'its host resolves to ::1, a private, loopback or reserved address'],
  ])('refuses %s: %s', async (url, reason) => {
    expect(await checkWebhookUrl(url, strict, resolvesTo('93.184.216.34'))).toEqual({ ok: false, reason });
  });

  it('refuses a name that resolves to a private address among public ones (DNS rebinding)', async () => {
    const verdict = await checkWebhookUrl('https://rebind.example.com/', strict, resolvesTo('93.184.216.34', '10.0.0.5'));
    expect(verdict).toEqual({ ok: false, reason: 'its host resolves to 10.0.0.5, a private, loopback or reserved address' });
  });

  it('refuses a host that does not resolve', async () => {
    const fails = async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    expect(await checkWebhookUrl('https://nowhere.invalid/', strict, fails)).toEqual({ ok: false, reason: 'its host does not resolve (ENOTFOUND)' });
  });

  it('allows plain http and private addresses where the installation allows them, and only there', async () => {
    expect((await checkWebhookUrl('http://127.0.0.1:8080/', { allowPrivate: true, allowedHosts: [] })).ok).toBe(true);
    const listed = { allowPrivate: false, allowedHosts: ['receiver.internal'] };
    expect((await checkWebhookUrl('http://receiver.internal/', listed, resolvesTo('10.0.0.7'))).ok).toBe(true);
    expect((await checkWebhookUrl('http://other.internal/', listed, resolvesTo('10.0.0.7'))).ok).toBe(false);
  });
});
