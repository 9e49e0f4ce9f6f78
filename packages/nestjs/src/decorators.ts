/** @Fingerprint() and @FingerprintWebhookEvent(): parameter decorators that hand the handler its typed result. */
import type {
  Fingerprint as VerifiedFingerprint,
  FingerprintWebhookEvent as WebhookEvent,
} from '@fingerprint-guard/core';
import { configError } from '@fingerprint-guard/core/adapter';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { httpRequest, wasGuarded } from './request.js';

/**
 * The verified result `FingerprintGuard` produced for this request: `@Fingerprint() fingerprint: Fingerprint`.
 * Branch on `fingerprint.provider` for the provider's own `event`. In monitor mode it is
 * `undefined` when the request carried no valid credential: type it `Fingerprint | undefined`
 * there. Used on a route without `FingerprintGuard`, it throws (a 500), never hands `undefined`.
 *
 * @example
 * @Post('login')
 * @UseGuards(FingerprintGuard)
 * login(@Fingerprint() fingerprint: Fingerprint) {
 *   return { visitorId: fingerprint.visitorId, vpn: fingerprint.signals.vpn };
 * }
 */
export const Fingerprint: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => {
    const request = httpRequest(context, '@Fingerprint()');
    if (!wasGuarded(request)) {
      throw configError(
        '@Fingerprint() needs FingerprintGuard on its route: add @UseGuards(FingerprintGuard), or remove @SkipFingerprint().',
        'nestjs',
      );
    }
    return request.fingerprint;
  },
);

/**
 * A verified, normalised result: the type of the `@Fingerprint()` parameter (core's `Fingerprint`).
 *
 * @example
 * login(@Fingerprint() fingerprint: Fingerprint) {
 *   if (fingerprint.provider === 'fingerprint') return { confidence: fingerprint.event.identification?.confidence?.score };
 * }
 */
export type Fingerprint = VerifiedFingerprint;

/**
 * The verified webhook event, for a handler behind the webhook interceptor
 * (`fingerprintWebhook(options)` or `FingerprintWebhookInterceptor`).
 *
 * @example
 * @Post('webhooks/fingerprint')
 * @HttpCode(204)
 * @UseInterceptors(FingerprintWebhookInterceptor)
 * async receive(@FingerprintWebhookEvent() event: FingerprintWebhookEvent) {
 *   await this.events.save(event);
 * }
 */
export const FingerprintWebhookEvent: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WebhookEvent => {
    const event = httpRequest(context, '@FingerprintWebhookEvent()').fingerprintWebhookEvent;
    if (!event) {
      throw configError(
        '@FingerprintWebhookEvent() needs the webhook interceptor on its route: @UseInterceptors(FingerprintWebhookInterceptor) or fingerprintWebhook(options).',
        'nestjs',
      );
    }
    return event;
  },
);

/**
 * The type of the `@FingerprintWebhookEvent()` parameter (core's `FingerprintWebhookEvent`): the
 * event as Fingerprint sent it, and its `format`.
 *
 * @example
 * receive(@FingerprintWebhookEvent() event: FingerprintWebhookEvent) {
 *   return { id: event.event_id };
 * }
 */
export type FingerprintWebhookEvent = WebhookEvent;
