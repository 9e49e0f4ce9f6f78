// What the example reads from its environment, made once in main.ts and served by ConfigService.
export interface ExampleSettings {
  /** Sealed-results keys (Dashboard > API Keys), or the development key the simulator seals with. */
  sealedKeys: string[];
  /** Set only without real keys: mounts the agent simulator. */
  simulatorKey?: string;
  cside: { apiKey: string; baseUrl?: string };
  webhookSecret: string;
}
