// Development only: a simulator of Fingerprint's browser agent, sealing with the development key.
// Anyone who can call it can mint valid sealed results, so production answers 404.
import { createAgentSimulator } from '@fingerprint-guard/testing';
import { DEV_SEALED_KEY } from '../../../lib/guard';

const simulator = createAgentSimulator({ key: DEV_SEALED_KEY });

export async function POST(request: Request) {
  if (process.env.NODE_ENV === 'production' && process.env.ENABLE_AGENT_SIMULATOR !== 'true') {
    return new Response('Not found', { status: 404 });
  }
  return simulator.handleRequest(request);
}
