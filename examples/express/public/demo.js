// The demo page: gets identifications (from the agent simulator, or the real agent), sends them to
// the guarded routes, and shows the guard's decision.
const config = await (await fetch('/demo-config.json')).json();
const simulated = Boolean(config.agent.simulator);
let lastSealed;
let lastCsideToken;

document.getElementById('agent-mode').textContent = simulated
  ? 'Identifications come from a local simulator of Fingerprint’s agent (development key); cside is a local fake. No network needed.'
  : 'Identifications come from Fingerprint’s real browser agent.';
if (!simulated) for (const button of document.querySelectorAll('[data-simulated]')) button.disabled = true;
// The sign-up case needs the local fake Server API, which runs in development only.
if (!config.serverApiEvents)
  for (const button of document.querySelectorAll('[data-server-api]')) button.disabled = true;
// The simulator can play a 3.x agent (the login guard accepts formats ['v4', 'v3']).
document.getElementById('agent-version-control').hidden = !simulated;
const STAGES = [...document.querySelectorAll('#pipeline li')].map((item) => item.dataset.stage);
let lastRequest;

/** An identification as the 4.x agent's get() returns it: { event_id, sealed_result, … }. */
async function identify(scenario) {
  if (simulated) {
    const agent = document.getElementById('agent-version').value;
    const response = await fetch(config.agent.simulator, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario, agent }),
    });
    // A 3.x agent answers in camelCase: { requestId, sealedResult }.
    const result = await response.json();
    return { ...result, sealed_result: result.sealed_result ?? result.sealedResult };
  }
  const Fingerprint = await import(config.agent.loaderUrl);
  return Fingerprint.start({ apiKey: config.agent.apiKey }).get();
}

/** Flips one bit of the ciphertext: the authentication tag no longer matches. */
function tamper(sealed) {
  const bytes = Uint8Array.from(atob(sealed), (char) => char.charCodeAt(0));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  return btoa(String.fromCharCode(...bytes));
}

async function post(path, body, extraHeaders = {}) {
  const headers = { 'content-type': 'application/json', ...extraHeaders };
  lastRequest = { method: 'POST', path, headers, body };
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  // A ruleset's block answers with the rule's own body, which need not be the guard's JSON.
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {};
  }
  return { status: response.status, body: parsed, text, retryAfter: response.headers.get('retry-after') };
}

/** An event id the local fake Server API will serve, as the agent's `get()` returns it, and the event. */
async function serverApiEvent(scenario) {
  const response = await fetch(config.serverApiEvents, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario }),
  });
  return response.json();
}

/** The request as sent, long credentials shortened so it fits on screen. */
function describeRequest({ method, path, headers, body }) {
  const short = (value) =>
    typeof value === 'string' && value.length > 48
      ? `${value.slice(0, 24)}…${value.slice(-12)} (${value.length} chars)`
      : value;
  const shown = Object.fromEntries(Object.entries(body).map(([name, value]) => [name, short(value)]));
  return `${method} ${path}\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')}\n\n${JSON.stringify(shown, null, 2)}`;
}

/**
 * Lights the pipeline: the stages passed and the one that decided. A stage the route's guard does
 * not have (no `check` configured, no `bind` on the checkout) is struck out, never lit.
 */
function lightPipeline(stage, allowed, routeStages) {
  const at = STAGES.indexOf(stage);
  for (const [index, item] of document.querySelectorAll('#pipeline li').entries()) {
    const runs = routeStages.includes(STAGES[index]);
    item.className = !runs ? 'absent' : index < at ? 'passed' : index === at ? (allowed ? 'reached' : 'stopped') : '';
    item.title = runs ? '' : 'This route’s guard has no such stage.';
  }
}

/** The time spent in each stage the request went through: nothing was authenticated without a credential. */
function describeTiming({ stage, durations }) {
  const ms = (value) => `${value.toFixed(2)} ms`;
  const spent = [
    ...(stage === 'credential' ? [] : [`authenticate ${ms(durations.authenticateMs)}`]),
    ...(durations.replayMs === undefined ? [] : [`claim ${ms(durations.replayMs)}`]),
    `total ${ms(durations.totalMs)}`,
  ];
  const none = stage === 'credential' ? ' No credential, so nothing to authenticate or claim.' : '';
  return `Stage: ${stage}.${none} Time in the guard: ${spent.join(', ')}.`;
}

/** On a narrow screen the decision is below the buttons: bring it into view when it is not. */
function revealDecision() {
  const verdict = document.getElementById('result-status').getBoundingClientRect();
  if (verdict.top < 0 || verdict.bottom > window.innerHeight) {
    document.querySelector('.result').scrollIntoView({ block: 'start' });
  }
}

const login = (sealed) =>
  post('/api/login', { user: 'ann@example.com', ...(sealed === undefined ? {} : { sealed_result: sealed }) });

let csideScript;
function loadCsideScript() {
  csideScript ??= new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), {
      src: config.csideScriptUrl,
      referrerPolicy: 'origin',
    });
    script.onload = resolve;
    script.onerror = () => reject(new Error('the cside script did not load'));
    document.head.append(script);
  });
  return csideScript;
}

const actions = {
  async fresh() {
    const identification = await identify('fresh');
    lastSealed = identification.sealed_result;
    document.querySelector('[data-action="replay"]').disabled = false;
    return [await login(lastSealed), identification.simulated_event];
  },
  replay: async () => [await login(lastSealed)],
  tamper: async () => [await login(tamper((await identify('fresh')).sealed_result))],
  missing: async () => [await login(undefined)],
  async cside() {
    await loadCsideScript();
    const result = await window.sendClientTelemetry({ accountId: 'demo-account-1', email: 'ann@example.com' });
    if (result.errors) throw new Error(result.errors.join(', '));
    lastCsideToken = result.token;
    document.querySelector('[data-action="cside-replay"]').disabled = false;
    return [await post('/api/checkout', { cart: 'c-1', cside_token: lastCsideToken })];
  },
  'cside-replay': async () => [await post('/api/checkout', { cart: 'c-1', cside_token: lastCsideToken })],
};
for (const scenario of ['fresh', 'bot']) {
  actions[`ruleset-${scenario}`] = async () => {
    const { event_id, simulated_event } = await serverApiEvent(scenario);
    return [await post('/api/signup', { user: 'ann@example.com', event_id }), simulated_event];
  };
}
// The newsletter has no agent: the guard sends the request itself to Fingerprint's /v4/edge. A
// browser cannot change its User-Agent, so the demo's fake reads the verdict from a header.
for (const verdict of ['clean', 'bot']) {
  actions[`edge-${verdict}`] = async () => [
    await post('/api/newsletter', { email: 'ann@example.com' }, { 'x-demo-edge-verdict': verdict }),
  ];
}
for (const scenario of ['stale', 'bot', 'vpn', 'low-confidence', 'many-logins', 'other-ip', 'other-site']) {
  actions[scenario] = async () => {
    const identification = await identify(scenario);
    return [await login(identification.sealed_result), identification.simulated_event];
  };
}

async function show(label, { status, body, text, retryAfter }, event) {
  // The guard's own report of this decision (onDecision), with its stage and timings.
  const decision = (await (await fetch('/demo/decisions')).json()).at(-1);
  const allowed = status >= 200 && status < 300;
  // A stepUp rule asked: the route ran, and answers that it wants a second factor.
  const stepUp = allowed ? body.stepUp : undefined;
  document.getElementById('result-empty').hidden = true;
  document.getElementById('result').hidden = false;
  document.getElementById('result-action').textContent = label;
  const badge = document.getElementById('result-status');
  badge.textContent = String(status);
  badge.className = stepUp ? 'step-up' : allowed ? 'allowed' : 'denied';
  // A ruleset's block: the guard denied (rule ruleAction) and answered with the rule's own response.
  const ownAnswer = !allowed && body.error === undefined;
  const code = stepUp ? 'step_up' : allowed ? 'allowed' : ownAnswer ? 'the rule’s own answer' : body.error.code;
  document.getElementById('result-code').textContent = code;
  document.getElementById('result-message').textContent = stepUp
    ? `The route ran, saw fingerprint.stepUp, and asks for a ${body.next} before logging in.`
    : allowed
      ? 'The route ran; this is what it saw.'
      : ownAnswer
        ? `The ruleset’s block action answered${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}: ${text}`
        : body.error.message;
  const rule = stepUp ? stepUp.rule : allowed ? undefined : (body.error?.rule ?? decision?.rule);
  document.getElementById('result-rule-line').hidden = rule === undefined;
  document.getElementById('result-rule').textContent = rule ?? '';
  const guard = config.guards[lastRequest?.path] ?? { settings: {}, stages: STAGES };
  lightPipeline(decision?.stage ?? (allowed ? 'allowed' : 'credential'), allowed, guard.stages);
  document.getElementById('result-timing').textContent = decision ? describeTiming(decision) : '';
  document.getElementById('settings-route').textContent = lastRequest?.path ?? '';
  document.getElementById('settings').textContent = JSON.stringify(guard.settings, null, 2);
  document.getElementById('result-request').textContent = lastRequest ? describeRequest(lastRequest) : '';
  document.getElementById('result-fingerprint').textContent = allowed
    ? JSON.stringify(body.fingerprint, null, 2)
    : '(not set: the route did not run)';
  document.getElementById('event-details').hidden = !event;
  document.getElementById('result-event').textContent = event ? JSON.stringify(event, null, 2) : '';
  const item = document.createElement('li');
  item.textContent = `${label}: ${status} ${code}${rule ? ` (${rule})` : ''}`;
  document.getElementById('history').prepend(item);
  revealDecision();
}

for (const button of document.querySelectorAll('button[data-action]')) {
  button.addEventListener('click', async () => {
    try {
      const [result, event] = await actions[button.dataset.action]();
      await show(button.textContent, result, event);
    } catch (error) {
      await show(button.textContent, { status: 0, body: { error: { code: 'DEMO_ERROR', message: String(error) } } });
    }
  });
}
document.body.dataset.ready = 'true';
