// The quickstart demo: an Express login route behind fingerprintGuard, on loopback, offline.
// A local stand-in for Fingerprint's browser agent seals events with a development key; the
// demo then sends what a browser (or an attacker) would, and prints what the guard decided.
import express from 'express';
import { createUnsealer, fingerprintGuard } from '@fingerprint-guard/express';
import { createEvent, sealEvent } from '@fingerprint-guard/testing';

// A development key, for this demo only. In production it comes from the dashboard
// (API Keys > Sealed Client Results), through an environment variable.
const DEV_KEY = process.env.FP_SEALED_KEY ?? 'p2PA7MGy5tx56cnyJaFZMr96BCFwZeHjZV2EqMvTq53=';

const app = express();
app.use(express.json());
app.post(
  '/login',
  fingerprintGuard({ fingerprint: { keys: [DEV_KEY] }, maxAge: '2m', deny: { bot: true, vpn: true, tampering: true } }),
  (req, res) => {
    const { eventId, visitorId, confidence, signals, keyIndex } = req.fingerprint;
    res.json({ welcome: true, eventId, visitorId, confidence, keyIndex, vpn: signals.vpn, bot: signals.bot });
  },
);

const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${server.address().port}/login`;

const login = (sealed) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sealed === undefined ? { user: 'ann' } : { user: 'ann', sealed_result: sealed }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

const fresh = sealEvent(createEvent(), DEV_KEY);
const tampered = Buffer.from(fresh, 'base64');
tampered[40] ^= 0x01;

const steps = [
  ['A fresh identification', fresh],
  ['The same sealed result again (a replay)', fresh],
  ['An identification 10 minutes old', sealEvent(createEvent({ timestamp: Date.now() - 10 * 60_000 }), DEV_KEY)],
  ['One bit of a sealed result flipped', tampered.toString('base64')],
  ['A visitor behind a VPN', sealEvent(createEvent({ vpn: true }), DEV_KEY)],
  ['A bad bot', sealEvent(createEvent({ bot: 'bad' }), DEV_KEY)],
  ['No sealed result at all', undefined],
];

console.log(`fingerprint-guard demo: POST ${url}\n`);
for (const [label, sealed] of steps) {
  const { status, body } = await login(sealed);
  const outcome = body.error
    ? `${body.error.code}: ${body.error.message}`
    : `visitor ${body.visitorId}, confidence ${body.confidence}`;
  console.log(`${status === 200 ? '✔' : '✘'} ${label.padEnd(42)} → ${status} ${outcome}`);
}

const { event } = await createUnsealer({ keys: [DEV_KEY] }).unsealDetailed(fresh);
console.log('\nThe event inside the first sealed result (what req.fingerprint.event holds):\n');
console.log(JSON.stringify(event, null, 2));
server.close();
