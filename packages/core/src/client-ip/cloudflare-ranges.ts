/**
 * Cloudflare's published edge ranges, bundled: `ipFrom.cloudflare()` trusts `CF-Connecting-IP`
 * only from a peer in them. Update with `pnpm --filter @fingerprint-guard/core update:cloudflare`
 * (scripts/update-cloudflare-ranges.mjs), which fetches both lists and rewrites this file.
 */
export const CLOUDFLARE_IP_RANGES = {
  /** https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6 (also https://api.cloudflare.com/client/v4/ips). */
  source: 'https://www.cloudflare.com/ips/',
  /** When this copy was written from the published lists; the update script rewrites it. */
  retrieved: '2026-12-04',
  ipv4: [
    '173.245.48.0/20',
    '103.21.244.0/22',
    '103.22.200.0/22',
    '103.31.4.0/22',
    '141.101.64.0/18',
    '108.162.192.0/18',
    '190.93.240.0/20',
    '188.114.96.0/20',
    '197.234.240.0/22',
    '198.41.128.0/17',
    '162.158.0.0/15',
    '104.16.0.0/13',
    '104.24.0.0/14',
    '172.64.0.0/13',
    '131.0.72.0/22',
  ],
  ipv6: [
    '2400:cb00::/32',
    '2606:4700::/32',
    '2803:f800::/32',
    '2405:b500::/32',
    '2405:8100::/32',
    '2a06:98c0::/29',
    '2c0f:f248::/32',
  ],
} as const;
