/** Sends each decision to `onDecision`, OpenTelemetry and nowhere else, without ever delaying or failing the request. */
import { platform } from '#platform';
import { configError } from '../errors.js';
import type { GuardLogger } from '../logger.js';
import type { DecisionReport } from '../result/decision.js';
import type { OpenTelemetryApi, OtelAttributes } from './otel-types.js';

const INSTRUMENTATION = '@fingerprint-guard/core';
const SPAN_NAME = 'fingerprint-guard verify';

export interface ObserverOptions<Req> {
  onDecision?: (decision: DecisionReport, request: Req) => void | Promise<void>;
  /** The OpenTelemetry API to report to; default: `@opentelemetry/api` when installed (Node), `false` for none. */
  opentelemetry?: OpenTelemetryApi | false;
}

export interface Observer<Req> {
  /**
   * Runs `decide` inside the request's span (so a provider's HTTP call is its child), then
   * reports `toReport` of its result; gives that result, as `decide` gave it (without a promise
   * when nothing reads a report and `decide` answered none).
   */
  observe<T>(request: Req, decide: () => T | Promise<T>, toReport: (result: T) => DecisionReport): T | Promise<T>;
  /**
   * True while nothing would read a report: no `onDecision`, and no OpenTelemetry SDK (or none
   * asked for). The caller may then decide without `observe`, and make no callback to pass it.
   * `now` is the caller's `performance.now()`: "no SDK" is trusted for `SDK_RECHECK_MS` from it.
   */
  idle(now: number): boolean;
}

/**
 * How long "no OpenTelemetry SDK registered" is trusted before the API is asked again: an SDK
 * registered while traffic flows is used within this time. Asking on every decision cost 1.5 µs
 * a request inside Express (bench:inproc, `VARIANTS=core-mw,core-mw-nootel`): the API's provider
 * lookups are code the framework's own work evicts between requests.
 */
export const SDK_RECHECK_MS = 100;

/** Built once per guard: resolves the OpenTelemetry API and its instruments up front. */
export function createObserver<Req>(options: ObserverOptions<Req>, logger: GuardLogger): Observer<Req> {
  const { onDecision } = options;
  const api = options.opentelemetry === false ? undefined : (options.opentelemetry ?? installedOpenTelemetry(logger));
  if (api !== undefined && typeof api?.trace?.getTracer !== 'function')
    throw configError('opentelemetry must be the @opentelemetry/api module, or false.');
  const otel = api && instruments(api);
  let callbackFailed = false;

  function report(decision: DecisionReport, request: Req): void {
    otel?.record(decision);
    if (!onDecision) return;
    const failed = (error: unknown) => {
      // Logged once: a broken hook must not flood the logs, nor ever touch the request.
      if (callbackFailed) return;
      callbackFailed = true;
      logger.error('fingerprint-guard: onDecision threw; further failures are not logged.', {
        event: 'on-decision-failed',
        error: String(error),
      });
    };
    try {
      const returned = onDecision(decision, request);
      if (returned && typeof (returned as Promise<void>).then === 'function')
        (returned as Promise<void>).then(undefined, failed);
    } catch (error) {
      failed(error);
    }
  }

  let noSdkUntil = Number.NEGATIVE_INFINITY;
  function idle(now: number): boolean {
    if (onDecision) return false;
    // A clock that went back (fake timers restart at 0) ends the window rather than stretching it.
    if (!otel || (now < noSdkUntil && now >= noSdkUntil - SDK_RECHECK_MS)) return true;
    if (otel.tracing() || otel.measuring()) return false;
    noSdkUntil = now + SDK_RECHECK_MS;
    return true;
  }

  return { observe: observed, idle };

  function observed<T>(
    request: Req,
    decide: () => T | Promise<T>,
    toReport: (result: T) => DecisionReport,
  ): T | Promise<T> {
    const span = otel?.tracing() ? otel.tracer.startSpan(SPAN_NAME) : undefined;
    // Without an SDK the span does not record: no context switch, no attributes.
    const recording = span?.isRecording() === true;
    // Nobody reads a report (no hook, a span that does not record, no metrics SDK): the decision as it is.
    if (!recording && !onDecision && !otel?.measuring()) {
      span?.end();
      return decide();
    }
    return reported(request, span, recording, decide, toReport);
  }

  async function reported<T>(
    request: Req,
    span: ReturnType<NonNullable<typeof otel>['tracer']['startSpan']> | undefined,
    recording: boolean,
    decide: () => T | Promise<T>,
    toReport: (result: T) => DecisionReport,
  ): Promise<T> {
    let result: T;
    try {
      result = recording
        ? await api!.context.with(api!.trace.setSpan(api!.context.active(), span!), decide)
        : await decide();
    } catch (error) {
      span?.end();
      throw error;
    }
    const decision = toReport(result);
    if (recording) {
      span!.setAttributes(spanAttributes(decision));
      // A step-up is not an error: the route ran, and asks for a second factor.
      if (decision.outcome !== 'allowed' && decision.outcome !== 'step_up')
        span!.setStatus({ code: api!.SpanStatusCode.ERROR, message: decision.outcome });
    }
    span?.end();
    report(decision, request);
    return result;
  }
}

let loadFailureLogged = false;

/** The installed `@opentelemetry/api`; an installed one that fails to load is logged once per process, never hidden. */
export function installedOpenTelemetry(logger: GuardLogger): OpenTelemetryApi | undefined {
  const { module, loadError } = platform.openTelemetry();
  if (loadError !== undefined && !loadFailureLogged) {
    loadFailureLogged = true;
    logger.error(
      'fingerprint-guard: @opentelemetry/api is installed but failed to load, so no spans or metrics are recorded; pass the module as the `opentelemetry` option.',
      { event: 'opentelemetry-load-failed', error: String(loadError) },
    );
  }
  return module;
}

/** The tracer, and the counter and histogram of the meter provider registered now. */
function instruments(api: OpenTelemetryApi) {
  const tracer = api.trace.getTracer(INSTRUMENTATION);
  let tracerSdkSeen = false;
  // The metrics API has no proxy: instruments made before an SDK is registered stay no-ops, so
  // they are made again whenever the registered provider changes (one identity check a request).
  let provider: object | undefined;
  let made: ReturnType<typeof makeInstruments> | undefined;
  let noop = false;
  const current = () => {
    const registered = api.metrics.getMeterProvider();
    if (registered !== provider) {
      [provider, made] = [registered, makeInstruments(api)];
      // No SDK: its meter is the API's no-op one, and a decision need not be reported to it.
      noop = made.meter === api.createNoopMeter?.();
    }
    return made!;
  };
  return {
    tracer,
    /**
     * False while no tracer SDK is registered: the API's proxy provider has no delegate, and a
     * span would be a no-op. Asked before each span, whose start, check and end cost more
     * (1.9 µs a request inside Express, measured with bench:inproc); once an SDK is seen, always true.
     */
    tracing(): boolean {
      if (tracerSdkSeen) return true;
      const provider = api.trace.getTracerProvider?.() as { getDelegateTracer?(name: string): unknown } | undefined;
      // Not the API's proxy (another implementation of the API): its tracer alone can tell.
      if (typeof provider?.getDelegateTracer !== 'function') return true;
      tracerSdkSeen = provider.getDelegateTracer(INSTRUMENTATION) !== undefined;
      return tracerSdkSeen;
    },
    /** False while no metrics SDK is registered (checked each time: one may be registered later). */
    measuring(): boolean {
      current();
      return !noop;
    },
    record(decision: DecisionReport) {
      const { decisions, duration } = current();
      decisions.add(1, {
        'fingerprint_guard.outcome': decision.outcome,
        'fingerprint_guard.provider': decision.provider ?? 'none',
      });
      const { authenticateMs, replayMs, totalMs } = decision.durations;
      duration.record(authenticateMs / 1000, { 'fingerprint_guard.stage': 'authenticate' });
      if (replayMs !== undefined) duration.record(replayMs / 1000, { 'fingerprint_guard.stage': 'replay' });
      duration.record(totalMs / 1000, { 'fingerprint_guard.stage': 'total' });
    },
  };
}

function makeInstruments(api: OpenTelemetryApi) {
  const meter = api.metrics.getMeter(INSTRUMENTATION);
  return {
    meter,
    decisions: meter.createCounter('fingerprint_guard.decisions', {
      description: 'Requests the guard decided, by outcome and provider.',
    }),
    duration: meter.createHistogram('fingerprint_guard.duration', {
      description: 'Time spent deciding, by stage.',
      unit: 's',
      advice: {
        explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      },
    }),
  };
}

function spanAttributes(decision: DecisionReport): OtelAttributes {
  return {
    'fingerprint_guard.outcome': decision.outcome,
    'fingerprint_guard.rule': decision.rule ?? decision.wouldDeny?.rule,
    'fingerprint_guard.provider': decision.provider,
    'fingerprint_guard.via': decision.via,
    'fingerprint_guard.key_index': decision.keyIndex,
    'fingerprint_guard.bot.category': decision.bot?.category,
    'fingerprint_guard.bot.provider': decision.bot?.provider,
    'fingerprint_guard.bot.identity': decision.bot?.identity,
    'fingerprint_guard.replay_check': decision.replayCheck,
    'fingerprint_guard.ip_source': decision.ipSource,
    'fingerprint_guard.stage': decision.stage,
    'fingerprint_guard.would_deny': decision.wouldDeny?.code,
  };
}
