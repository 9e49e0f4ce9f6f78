// Type-checked in the outside app (strict, NodeNext), against the packed declarations: no casts.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { clientIpFromConnInfo, fingerprintGuard, type Fingerprint } from '@fingerprint-guard/hono';

export const app = new Hono().post(
  '/login',
  fingerprintGuard({ fingerprint: { keys: ['key'] }, bind: { ip: true }, clientIp: clientIpFromConnInfo(getConnInfo) }),
  (c) => {
    const fingerprint: Fingerprint = c.get('fingerprint');
    return c.json({ visitorId: fingerprint.visitorId });
  },
);
