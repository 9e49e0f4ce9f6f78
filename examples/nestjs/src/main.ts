// Starts the NestJS example: `node dist/main.js` after `pnpm build`. Same environment variables as the Express example, plus FP_WEBHOOK_SECRET.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createFakeCside, generateKey } from '@fingerprint-guard/testing';
import { AppModule } from './app.module';

async function main() {
  const env = process.env;
  if (env.NODE_ENV === 'production' && !env.FP_SEALED_KEYS)
    throw new Error('FP_SEALED_KEYS is required in production.');
  // Real keys, and no simulator; or a development key made now, which only the simulator seals with.
  const realKeys = env.FP_SEALED_KEYS?.split(',').map((key) => key.trim());
  const simulatorKey = realKeys ? undefined : generateKey();
  const fakeCside = env.CSIDE_API_KEY ? undefined : await createFakeCside();
  const settings = {
    sealedKeys: realKeys ?? [simulatorKey!],
    simulatorKey,
    cside: fakeCside
      ? { apiKey: fakeCside.apiKey, baseUrl: fakeCside.url }
      : { apiKey: env.CSIDE_API_KEY!, baseUrl: env.CSIDE_BASE_URL },
    webhookSecret: env.FP_WEBHOOK_SECRET ?? 'whsec_development',
  };
  // rawBody: the webhook's signature covers the exact bytes.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings), { rawBody: true });
  if (env.TRUST_PROXY) app.set('trust proxy', env.TRUST_PROXY);
  await app.listen(Number(env.PORT ?? 3002), env.HOST ?? '127.0.0.1');
  console.log(`NestJS example: ${await app.getUrl()} (cside: ${fakeCside ? `fake at ${fakeCside.url}` : 'real'})`);
}

void main();
