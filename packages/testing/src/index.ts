/** @fingerprint-guard/testing: seal events with your own key and build realistic ones, offline. */
export { generateKey, sealEvent, sealPlaintext } from './seal.js';
export { createEvent, createEventId, createVisitorId } from './event.js';
export { createFakeCside } from './fakes/cside.js';
export type { FakeCside, FakeCsideOptions, IssueTokenOptions } from './fakes/cside.js';
export { createFakeFingerprintApi } from './fakes/fingerprint-api.js';
export type { FakeFingerprintApi, FakeFingerprintApiOptions } from './fakes/fingerprint-api.js';
export { judgeByUserAgent } from './fakes/edge.js';
export type { FakeEdgeJudge, FakeEdgeVerdict } from './fakes/edge.js';
export type { FakeRule, FakeRuleAction, FakeRuleset } from './fakes/rulesets.js';
export type { FakeFailure, FakeServer, RecordedRequest } from './fakes/server.js';
export { createUpstashRestServer } from './upstash/rest-server.js';
export type { UpstashRestFailure, UpstashRestServer, UpstashRestServerOptions } from './upstash/rest-server.js';
export { AGENT_SCENARIOS, createAgentSimulator } from './agent-simulator.js';
export type { AgentScenario, AgentSimulator, AgentSimulatorResult, AgentSimulatorResultV3 } from './agent-simulator.js';
export { createEventV3, createWebhookEventV3, toEventV3 } from './event-v3.js';
