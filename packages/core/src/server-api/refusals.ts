/** What the Fingerprint Server API means when it refuses a request for the server's configuration (401/403, a 400 about a setting), by its `error.code`. */

const PROVIDER = 'the Fingerprint Server API';

/** The v4 API's error codes (schema 3.7.0 `ErrorCode`) for a refused request, each with what to change. */
const REFUSALS: Readonly<Record<string, string>> = {
  // 400, with `?ruleset_id=` (newer than the 3.7.0 enum; the SDKs' `400_ruleset_not_found` example).
  ruleset_not_found:
    "the workspace has no ruleset with the id in serverApi.rulesetId: copy it from the dashboard's Rules page",
  secret_api_key_required: 'no secret API key was sent: set serverApi.secretKey',
  secret_api_key_not_found: 'the secret API key is unknown: copy it again from Dashboard > API Keys',
  wrong_region:
    "the secret API key belongs to another region: set serverApi.region to the workspace's region (global, eu or ap)",
  subscription_not_active: 'the Fingerprint workspace is not active (check its subscription)',
  feature_not_enabled: "a feature this request needs is not enabled for the workspace's plan",
};

/**
 * A precise message for a refusal, from the body's `error.code`; `undefined` when the body
 * names no code we know (the caller then says the key was refused). Never echoes the key.
 */
export function describeServerApiRefusal(status: number, body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (typeof code !== 'string' || !Object.hasOwn(REFUSALS, code)) return undefined;
  return `${PROVIDER} refused the request (HTTP ${status}, ${code}): ${REFUSALS[code]}.`;
}

/** The v3 API's error codes (v3 schema `ErrorCode`) for a refused request, each with what to change. */
const REFUSALS_V3: Readonly<Record<string, string>> = {
  TokenRequired: 'no secret API key was sent: set serverApi.secretKey',
  TokenNotFound: 'the secret API key is unknown: copy it again from Dashboard > API Keys',
  WrongRegion: REFUSALS.wrong_region!,
  SubscriptionNotActive: REFUSALS.subscription_not_active!,
  FeatureNotEnabled: REFUSALS.feature_not_enabled!,
  WorkspaceScopedSecretKeyRequired: 'the secret API key is scoped to an environment; this call needs a workspace key',
};

/** As `describeServerApiRefusal`, for the v3 API's error codes. */
export function describeServerApiV3Refusal(status: number, body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (typeof code !== 'string' || !Object.hasOwn(REFUSALS_V3, code)) return undefined;
  return `${PROVIDER} (v3) refused the request (HTTP ${status}, ${code}): ${REFUSALS_V3[code]}.`;
}
