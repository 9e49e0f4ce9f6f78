/** Where the event came from: how it was produced, by which SDK, and the webhook rules that fired. */

/** `source` (EventSource.yaml): an SDK on the end-user device, or the Automation Intelligence `/edge` API. */
export type EventSource = 'device' | 'edge';

/**
 * `incremental_identification_status` (IncrementalIdentificationStatus.yaml), present only with
 * incremental identification. On `partially_completed` (the minimal request) smart signals were
 * not computed: whatever values they carry must not be used.
 */
export type IncrementalIdentificationStatus = 'partially_completed' | 'completed';

/** `sdk.platform` (SDK.yaml). */
export type SdkPlatform = 'js' | 'android' | 'ios' | 'unknown';

/** One framework integration around the agent (Integration.yaml), e.g. a React wrapper. */
export interface SdkIntegration {
  name?: string;
  version?: string;
  subintegration?: { name?: string; version?: string };
}

/** The agent or mobile SDK that made the identification request (SDK.yaml). */
export interface EventSdk {
  platform: SdkPlatform;
  version: string;
  integrations?: SdkIntegration[];
}

/** Webhooks only: one rule that made Fingerprint send this webhook (platform/webhook/TriggeredBy.yaml). */
export interface TriggeredByRule {
  id: string;
  name: string;
  description: string;
}
