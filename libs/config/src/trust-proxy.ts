import proxyAddr from '@fastify/proxy-addr';

/** What Fastify's `trustProxy` is given: false (the TCP peer is the client), true (trust every hop), or the proxies' addresses. */
export type TrustProxy = boolean | string[];

/** The names proxy-addr (Fastify's) accepts besides addresses and subnets. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY → Fastify's `trustProxy`, or the reason it is refused. A hop count is refused
 * although Fastify's type admits one: Fastify 5 then trusts no hop at all (it cannot check the
 * immediate peer), so the setting would silently do nothing.
 */
export function parseTrustProxy(raw: string): { value: TrustProxy } | { problem: string } {
  const text = raw.trim();
  if (text === 'false') return { value: false };
  if (text === 'true') return { value: true };
  if (/^\d+$/.test(text)) {
    return { problem: `a hop count is not supported (Fastify would trust no hop): name the proxies' addresses, e.g. 10.0.0.0/8,loopback` };
  }
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) return { problem: 'an empty entry in the list' };
  try {
    proxyAddr.compile(entries);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return { value: entries };
}

export const TRUST_PROXY_FORMS = `false, true, or a comma-separated list of proxy addresses, subnets (CIDR) and ${RANGE_NAMES.join('/')}`;
