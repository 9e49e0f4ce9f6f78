import { describe, expect, it } from 'vitest';
import { upstashConfigFromEnv } from '../src/index.js';

const upstash = { UPSTASH_REDIS_REST_URL: 'https://eu1-db.upstash.io', UPSTASH_REDIS_REST_TOKEN: 'upstash-token' };
const vercelKv = { KV_REST_API_URL: 'https://kv-db.upstash.io', KV_REST_API_TOKEN: 'kv-token' };

describe('upstashConfigFromEnv', () => {
  it('reads Upstash’s variables, and Vercel KV’s when Upstash’s are absent', () => {
    expect(upstashConfigFromEnv(upstash)).toEqual({ url: upstash.UPSTASH_REDIS_REST_URL, token: 'upstash-token' });
    expect(upstashConfigFromEnv(vercelKv)).toEqual({ url: vercelKv.KV_REST_API_URL, token: 'kv-token' });
    expect(upstashConfigFromEnv({ ...vercelKv, ...upstash }).token).toBe('upstash-token');
  });

  it('never takes the URL from one pair and the token from the other', () => {
    const mixed = { UPSTASH_REDIS_REST_URL: upstash.UPSTASH_REDIS_REST_URL, KV_REST_API_TOKEN: 'kv-token' };
    expect(() => upstashConfigFromEnv(mixed)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    const half = { ...vercelKv, UPSTASH_REDIS_REST_URL: upstash.UPSTASH_REDIS_REST_URL };
    expect(upstashConfigFromEnv(half)).toEqual({ url: vercelKv.KV_REST_API_URL, token: 'kv-token' });
  });

  it('reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, vercelKv);
      delete process.env.UPSTASH_REDIS_REST_URL;
      expect(upstashConfigFromEnv().token).toBe('kv-token');
    } finally {
      for (const name of Object.keys(vercelKv)) if (!(name in saved)) delete process.env[name];
    }
  });

  it('is CONFIG_INVALID, naming both pairs and no value, when neither is set or the URL is not http(s)', () => {
    expect(() => upstashConfigFromEnv({})).toThrow(
      /UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN .*KV_REST_API_URL/,
    );
    let error: unknown;
    try {
      upstashConfigFromEnv({ UPSTASH_REDIS_REST_URL: 'redis://secret@host', UPSTASH_REDIS_REST_TOKEN: 'secret' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('UPSTASH_REDIS_REST_URL') });
    expect(JSON.stringify(error)).not.toContain('secret');
  });
});
