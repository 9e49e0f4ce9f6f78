// Development only: a simulator of Fingerprint's browser agent, sealing with the public development
// key. It answers 404 whenever real keys are configured (FP_SEALED_KEYS), and in production.
import { createAgentSimulator } from '@fingerprint-guard/testing';
import { DEV_SEALED_KEY } from '../../../lib/guard';

const simulator = createAgentSimulator({ key: DEV_SEALED_KEY });

export async function POST(request: Request) {
  const production = process.env.NODE_ENV === 'production' && process.env.ENABLE_AGENT_SIMULATOR !== 'true';
  if (process.env.FP_SEALED_KEYS || production) {
    return new Response('Not found', { status: 404 });
  }
  return simulator.handleRequest(request);
}
