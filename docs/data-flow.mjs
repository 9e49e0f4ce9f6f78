#!/usr/bin/env node
// The data-flow diagram of the root README: the description below, drawn as docs/data-flow.svg.
// Regenerate with `pnpm docs:diagram` (plain Node, nothing to install). Coordinates are in the
// SVG's pixels; a text that would not fit its box stops the script, naming it (`--force` writes
// the SVG anyway).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WIDTH = 1000;
const HEIGHT = 1060;

const COLORS = {
  ink: '#1f2328',
  muted: '#59636e',
  line: '#8c959f',
  panel: '#f6f8fa',
  panelLine: '#d1d9e0',
  stage: '#ddf4ff',
  stageLine: '#54aeff',
  external: '#fff8c5',
  externalLine: '#d4a72c',
  store: '#dafbe1',
  storeLine: '#4ac26b',
  denied: '#ffebe9',
  deniedLine: '#cf222e',
  side: '#fbefff',
  sideLine: '#c297ff',
};

/** Box styles: fill and border. */
const KINDS = {
  stage: [COLORS.stage, COLORS.stageLine],
  app: ['#ffffff', COLORS.ink],
  external: [COLORS.external, COLORS.externalLine],
  store: [COLORS.store, COLORS.storeLine],
  denied: [COLORS.denied, COLORS.deniedLine],
  side: [COLORS.side, COLORS.sideLine],
};

// ---------------------------------------------------------------------------------------------
// The description: panels (grey areas with a title), boxes (a title and smaller lines), notes
// (free text), and edges (from a box side to another, through optional corner points).
// ---------------------------------------------------------------------------------------------

const STAGE_X = 40;
const STAGE_W = 150;
const STAGE_H = 50;
const ROW = 66;
const FIRST_ROW = 300;
const rowY = (index) => FIRST_ROW + index * ROW;
/** Where each stage's "checks" and "denies with" columns start, and the red line all denials take. */
const CHECKS_X = 206;
const CODES_X = 452;
const DENIAL_X = 646;
/** The vertical line that feeds the boxes on the right, and where they start. */
const SIDE_TRUNK_X = 664;
const SIDE_X = 680;
const SIDE_W = 300;

/** The guard's checks, in the order they run: name, subtitle, what it checks (2 lines), what it denies with. */
const STAGES = [
  [
    'credential',
    'header, then body field',
    ['its header, or the parsed body\u2019s field,', 'for each provider you configured'],
    ['401 CREDENTIAL_MISSING'],
  ],
  [
    'authenticate',
    'unseal \u00b7 fetch \u00b7 verify',
    ['unseal with your keys, tried in order;', 'or fetch the event, or verify the token'],
    ['400/401/413 SEALED_RESULT_*', '401/500/503 PROVIDER_*'],
  ],
  [
    'age',
    'maxAge \u00b7 clockSkew',
    ['older than maxAge (2 min), or dated', 'more than clockSkew (10 s) ahead'],
    ['401 EVENT_EXPIRED', '401 EVENT_FROM_FUTURE'],
  ],
  [
    'rules',
    'deny \u00b7 minConfidence \u2026',
    ['deny: { bot, vpn, \u2026 }, minConfidence \u2026;', 'not reported \u2192 onUnavailableSignal'],
    ['403 EVENT_DENIED (rule)'],
  ],
  [
    'bind',
    'ip \u00b7 origin \u00b7 linkedId',
    ['the event\u2019s IP, origin and linked_id', 'must be this request\u2019s'],
    ['403 EVENT_DENIED (ip, origin,', 'linkedId)'],
  ],
  [
    'claim',
    'once per application',
    ['store.claim(event_id, expiresAtMs):', 'true the first time, false after'],
    ['409 EVENT_REPLAYED', '503 REPLAY_STORE_UNAVAILABLE'],
  ],
  [
    'check',
    'your check()',
    ['check(fingerprint, request): your rule,', 'run after the claim'],
    ['403 EVENT_DENIED (check)'],
  ],
];
const LAST_ROW_END = rowY(STAGES.length - 1) + STAGE_H;
const OUTCOME_Y = LAST_ROW_END + 44;
const WEBHOOK_Y = OUTCOME_Y + 100;

const panels = [
  { x: 20, y: 20, w: 610, h: 112, title: 'Browser' },
  {
    x: 20,
    y: 240,
    w: 640,
    h: LAST_ROW_END + 16 - 240,
    title: 'The guard: createFingerprintGuard(options), in every adapter',
    titleX: 140,
  },
  { x: 20, y: WEBHOOK_Y, w: 960, h: 140, title: 'Webhooks: fingerprintWebhook({ secret }), createWebhookReceiver' },
];

const side = (id, y, h, kind, title, lines) => ({ id, x: SIDE_X, y, w: SIDE_W, h, kind, title, lines });
const webhook = (id, x, w, kind, title, lines) => ({ id, x, y: WEBHOOK_Y + 46, w, h: 66, kind, title, lines });

const boxes = [
  {
    id: 'agent',
    x: 36,
    y: 56,
    w: 280,
    h: 60,
    kind: 'external',
    title: 'Fingerprint agent: fp.get()',
    lines: ['sealed_result (or event_id)'],
  },
  {
    id: 'csideScript',
    x: 334,
    y: 56,
    w: 280,
    h: 60,
    kind: 'external',
    title: 'cside script',
    lines: ['sendClientTelemetry() \u2192 token'],
  },
  {
    id: 'route',
    x: 40,
    y: 168,
    w: 380,
    h: 56,
    kind: 'app',
    title: 'Your route: POST /login',
    lines: ['header or JSON / form body field'],
  },
  ...STAGES.map(([id, subtitle], index) => ({
    id,
    x: STAGE_X,
    y: rowY(index),
    w: STAGE_W,
    h: STAGE_H,
    kind: 'stage',
    title: id,
    lines: [subtitle],
  })),
  {
    id: 'handler',
    x: 40,
    y: OUTCOME_Y,
    w: 260,
    h: 60,
    kind: 'app',
    title: 'Your handler',
    lines: ['req.fingerprint: typed, verified'],
  },
  {
    id: 'denied',
    x: 340,
    y: OUTCOME_Y,
    w: 290,
    h: 72,
    kind: 'denied',
    title: 'Denied: the error\u2019s status, JSON',
    lines: ['{ "error": { code, message, rule } }', 'or onDenied / forwardErrors / throwErrors'],
  },
  side('observe', 236, 82, 'side', 'Every decision, on the side', [
    'onDecision(decision, request)',
    'OpenTelemetry: span fingerprint-guard verify,',
    'metrics fingerprint_guard.decisions, .duration',
  ]),
  side('keys', 334, 46, 'side', 'Your sealed-results keys', ['AES-256-GCM; 64 KiB sealed, 1 MiB inflated']),
  side('serverApi', 392, 46, 'external', 'Fingerprint Server API', ['GET /v4/events/{event_id}']),
  side('csideApi', 450, 46, 'external', 'cside API', ['POST /token/v2/verify, polls 202 pending']),
  side('store', rowY(5) + 14, 76, 'store', 'Replay store', [
    'memory: one process, the default',
    'Redis \u00b7 PostgreSQL \u00b7 your own:',
    'shared by every instance',
  ]),
  webhook('fingerprint', 36, 150, 'external', 'Fingerprint', ['POST: body and', 'FPJS-Event-Signature']),
  webhook('signature', 226, 160, 'stage', 'signature', ['HMAC-SHA256 of the', 'raw body, constant time']),
  webhook('webhookAge', 426, 140, 'stage', 'age', ['maxAge 15 min:', 'older never runs']),
  webhook('webhookClaim', 606, 160, 'stage', 'claim', ['webhook:<event_id>;', 'seen: 200 duplicate']),
  webhook('webhookHandler', 806, 158, 'app', 'Your handler', ['fails (5xx, throws):', 'claim given back']),
];

const notes = [
  { x: CHECKS_X, y: 284, lines: ['checks'], color: COLORS.muted, size: 11, bold: true, width: CODES_X - CHECKS_X - 8 },
  {
    x: CODES_X,
    y: 284,
    lines: ['denies with'],
    color: COLORS.deniedLine,
    size: 11,
    bold: true,
    width: DENIAL_X - CODES_X - 6,
  },
  ...STAGES.flatMap(([, , checks, codes], index) => [
    { x: CHECKS_X, y: rowY(index) + 21, lines: checks, color: COLORS.muted, size: 11.5, width: CODES_X - CHECKS_X - 8 },
    {
      x: CODES_X,
      y: rowY(index) + (codes.length === 1 ? 29 : 21),
      lines: codes,
      color: COLORS.deniedLine,
      size: 10.5,
      mono: true,
      width: DENIAL_X - CODES_X - 6,
    },
  ]),
];

const { deniedLine: red, sideLine: violet, externalLine: amber, storeLine: green } = COLORS;
/** The gap under a stage's row, where a line can leave it without crossing text. */
const below = (index) => rowY(index) + STAGE_H + 8;

/**
 * Edges: `from` and `to` are [box id, side, offset along the side] or a point [x, y]; `via` are
 * the corners in between. `bar: true` draws no arrow head.
 */
const edges = [
  {
    from: ['agent', 'bottom'],
    to: ['route', 'top', -90],
    via: [
      [176, 146],
      [140, 146],
    ],
    label: 'sealed_result / event_id',
    labelAt: [176, 146],
  },
  {
    from: ['csideScript', 'bottom'],
    to: ['route', 'top', 90],
    via: [
      [474, 146],
      [320, 146],
    ],
    label: 'cside_token',
    labelAt: [474, 146],
  },
  { from: ['route', 'bottom', -115], to: ['credential', 'top'] },
  ...STAGES.slice(1).map(([id], index) => ({ from: [STAGES[index][0], 'bottom'], to: [id, 'top'] })),
  { from: ['check', 'bottom'], to: ['handler', 'top', -55], label: 'allowed', labelAt: [146, LAST_ROW_END + 22] },
  // Every stage's denial joins the red line, which ends at "Denied".
  ...STAGES.map((_, index) => ({
    from: [DENIAL_X - 10, rowY(index) + 25],
    to: [DENIAL_X, rowY(index) + 25],
    color: red,
    bar: true,
  })),
  {
    from: [DENIAL_X, rowY(0) + 25],
    to: ['denied', 'top', 105],
    via: [
      [DENIAL_X, OUTCOME_Y - 16],
      [590, OUTCOME_Y - 16],
    ],
    color: red,
    label: 'the first check that fails',
    labelAt: [515, OUTCOME_Y - 16],
  },
  // authenticate reaches the keys and the providers; claim reaches the store.
  {
    from: ['authenticate', 'bottom', 60],
    to: [SIDE_TRUNK_X, below(1)],
    via: [[175, below(1)]],
    color: violet,
    dashed: true,
    bar: true,
  },
  { from: [SIDE_TRUNK_X, 357], to: [SIDE_TRUNK_X, 473], color: violet, dashed: true, bar: true },
  { from: [SIDE_TRUNK_X, 357], to: ['keys', 'left'], color: violet, dashed: true },
  { from: [SIDE_TRUNK_X, 415], to: ['serverApi', 'left'], color: amber, dashed: true },
  { from: [SIDE_TRUNK_X, 473], to: ['csideApi', 'left'], color: amber, dashed: true },
  { from: [660, 277], to: ['observe', 'left'], color: violet, dashed: true },
  {
    from: ['claim', 'bottom', 60],
    to: ['store', 'left'],
    via: [
      [175, below(5)],
      [SIDE_X - 30, below(5)],
      [SIDE_X - 30, rowY(5) + 52],
      [SIDE_X, rowY(5) + 52],
    ],
    color: green,
    dashed: true,
  },
  // Webhooks.
  { from: ['fingerprint', 'right'], to: ['signature', 'left'] },
  { from: ['signature', 'right'], to: ['webhookAge', 'left'] },
  { from: ['webhookAge', 'right'], to: ['webhookClaim', 'left'] },
  { from: ['webhookClaim', 'right'], to: ['webhookHandler', 'left'] },
  {
    from: ['webhookClaim', 'top', 54],
    to: ['store', 'bottom', -90],
    color: green,
    dashed: true,
    label: 'same store',
    labelAt: [740, OUTCOME_Y + 40],
  },
  {
    from: ['webhookHandler', 'bottom'],
    to: ['webhookClaim', 'bottom', 40],
    via: [
      [885, WEBHOOK_Y + 128],
      [726, WEBHOOK_Y + 128],
    ],
    color: red,
    dashed: true,
    label: 'release',
    labelAt: [806, WEBHOOK_Y + 128],
  },
];

// ---------------------------------------------------------------------------------------------
// Drawing.
// ---------------------------------------------------------------------------------------------

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace";

const escapeXml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A generous width estimate (the widest common fonts), so text fits wherever the SVG is shown. */
function textWidth(text, size, { mono = false, bold = false } = {}) {
  return text.length * size * (mono ? 0.61 : bold ? 0.57 : 0.52);
}

/** Texts that would overflow their box, all reported at the end. */
const overflows = [];

function assertFits(what, text, size, width, options) {
  const needed = textWidth(text, size, options);
  if (needed > width) overflows.push(`"${text}" (${what}) needs about ${Math.ceil(needed)} px, it has ${width}.`);
}

const byId = new Map(boxes.map((box) => [box.id, box]));

function anchor(end) {
  if (typeof end[0] === 'number') return end;
  const [id, side, offset = 0] = end;
  const box = byId.get(id);
  if (!box) throw new Error(`data-flow: no box "${id}".`);
  const cx = box.x + box.w / 2 + (side === 'top' || side === 'bottom' ? offset : 0);
  const cy = box.y + box.h / 2 + (side === 'left' || side === 'right' ? offset : 0);
  if (side === 'top') return [cx, box.y];
  if (side === 'bottom') return [cx, box.y + box.h];
  if (side === 'left') return [box.x, cy];
  return [box.x + box.w, cy];
}

function drawPanel({ x, y, w, h, title, titleX = x + 14 }) {
  assertFits(`panel ${title}`, title, 13, x + w - titleX - 10, { bold: true });
  return [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${COLORS.panel}" stroke="${COLORS.panelLine}"/>`,
    `<text x="${titleX}" y="${y + 22}" font-size="13" font-weight="600" fill="${COLORS.ink}">${escapeXml(title)}</text>`,
  ].join('\n');
}

function drawBox({ id, x, y, w, h, kind, title, lines = [] }) {
  const [fill, stroke] = KINDS[kind];
  assertFits(`box ${id}`, title, 13.5, w - 12, { bold: true });
  for (const line of lines) assertFits(`box ${id}`, line, 11.5, w - 12);
  const total = 17 + lines.length * 15;
  if (total > h - 6) overflows.push(`box ${id} needs ${total + 6} px of height, it has ${h}.`);
  const top = y + (h - total) / 2 + 13;
  const cx = x + w / 2;
  return [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="7" fill="${fill}" stroke="${stroke}" stroke-width="1.4"/>`,
    `<text x="${cx}" y="${top}" text-anchor="middle" font-size="13.5" font-weight="600" fill="${COLORS.ink}">${escapeXml(title)}</text>`,
    ...lines.map(
      (line, index) =>
        `<text x="${cx}" y="${top + 17 + index * 15}" text-anchor="middle" font-size="11.5" fill="${COLORS.muted}">${escapeXml(line)}</text>`,
    ),
  ].join('\n');
}

function drawNote({ x, y, lines, color, size, mono = false, bold = false, width = 250 }) {
  for (const line of lines) assertFits('note', line, size, width, { mono, bold });
  return lines
    .map(
      (line, index) =>
        `<text x="${x}" y="${y + index * (size + 3.5)}" font-size="${size}"${mono ? ` font-family="${MONO}"` : ''}${bold ? ' font-weight="600"' : ''} fill="${color}">${escapeXml(line)}</text>`,
    )
    .join('\n');
}

function drawEdge({ from, to, via = [], label, labelAt, color = COLORS.line, dashed = false, bar = false }) {
  const points = [anchor(from), ...via, anchor(to)];
  const marker = bar ? '' : ` marker-end="url(#arrow-${color.slice(1)})"`;
  const dash = dashed ? ' stroke-dasharray="5 4"' : '';
  const path = `<polyline points="${points.map(([px, py]) => `${px},${py}`).join(' ')}" fill="none" stroke="${color}" stroke-width="1.5"${dash}${marker}/>`;
  if (!label) return path;
  const [lx, ly] = labelAt;
  const width = textWidth(label, 11) + 10;
  return [
    path,
    `<rect x="${lx - width / 2}" y="${ly - 9}" width="${width}" height="17" rx="3" fill="#ffffff"/>`,
    `<text x="${lx}" y="${ly + 4}" text-anchor="middle" font-size="11" fill="${color === COLORS.line ? COLORS.muted : color}">${escapeXml(label)}</text>`,
  ].join('\n');
}

function markers() {
  const colors = new Set([COLORS.line, COLORS.deniedLine, COLORS.sideLine, COLORS.externalLine, COLORS.storeLine]);
  return [...colors]
    .map(
      (color) =>
        `<marker id="arrow-${color.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${color}"/></marker>`,
    )
    .join('\n');
}

function render() {
  const body = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    ...panels.map(drawPanel),
    ...edges.map(drawEdge),
    ...boxes.map(drawBox),
    ...notes.map(drawNote),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT}" role="img" aria-labelledby="title desc">`,
    '<title id="title">fingerprint-guard: the data flow of a guarded request and of a webhook</title>',
    '<desc id="desc">The browser sends a Fingerprint sealed result, event id or cside token to your route. The guard finds the credential, authenticates it (unseal with your keys, the Fingerprint Server API, or cside), checks its age, applies the rules and the request binding, claims it once in the replay store (memory, Redis, PostgreSQL), runs your check, then calls your handler; the first failing check answers a JSON error with its status. onDecision, OpenTelemetry and the logger see every decision. Webhooks: signature, age, claim, your handler; a failing handler releases the claim for the retry.</desc>',
    `<defs>${markers()}</defs>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

const svg = render();
if (overflows.length > 0) {
  console.error(`data-flow: texts that do not fit (nothing written):\n  ${overflows.join('\n  ')}`);
  if (!process.argv.includes('--force')) process.exit(1);
}
const out = fileURLToPath(new URL('data-flow.svg', import.meta.url));
writeFileSync(out, svg);
console.log(`wrote ${out}`);
