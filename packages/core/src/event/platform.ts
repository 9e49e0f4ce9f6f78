/** Where the event came from: the SDK that produced it and the webhook rules that fired. */

export interface SdkIntegration {
  name?: string;
  version?: string;
  subintegration?: { name?: string; version?: string };
}

export interface EventSdk {
  platform: 'js' | 'android' | 'ios' | 'unknown';
  version: string;
  integrations?: SdkIntegration[];
}

export interface TriggeredByRule {
  id: string;
  name: string;
  description: string;
}
