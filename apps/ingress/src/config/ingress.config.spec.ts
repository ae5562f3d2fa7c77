import { ConfigError, loadConfig } from '@herald/config';
import { IngressConfig } from './ingress.config';

describe('IngressConfig TRUST_PROXY', () => {
  const secrets = { WHATSAPP_APP_SECRET: 'an-app-secret', WHATSAPP_VERIFY_TOKEN: 'a-verify-token' };

  it('trusts no proxy unless told', () => {
    expect(loadConfig(IngressConfig, secrets).TRUST_PROXY).toEqual([]);
  });

  it('takes addresses, CIDR ranges and the named ranges', () => {
    expect(loadConfig(IngressConfig, { ...secrets, TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,fd00::/8 ,::1,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
  });

  it.each(['true', '*', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/8'])('refuses %s', (value) => {
    expect(() => loadConfig(IngressConfig, { ...secrets, TRUST_PROXY: value })).toThrow(ConfigError);
  });
});
