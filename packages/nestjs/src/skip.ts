/** @SkipFingerprint(): a route or a controller that a FingerprintGuard bound globally (APP_GUARD) or to its controller lets through. */
import { SetMetadata, type CustomDecorator } from '@nestjs/common';

/** The metadata key of `@SkipFingerprint()`. */
export const FINGERPRINT_SKIP = Symbol.for('@fingerprint-guard/nestjs:skip');

/**
 * Lets a handler, or every handler of a controller, through `FingerprintGuard` without a
 * credential, as `@SkipThrottle()` does for the throttler: for a guard bound with `APP_GUARD`
 * (every route of the app) or on a controller, and a route such as `GET /health` that has no
 * browser behind it. `@SkipFingerprint(false)` on a handler guards it again inside a skipped
 * controller (a handler's decorator wins over its controller's). A skipped route has no
 * `@Fingerprint()` result.
 *
 * @example
 * // providers: [{ provide: APP_GUARD, useClass: FingerprintGuard }]
 * @Controller()
 * export class HealthController {
 *   @Get('health')
 *   @SkipFingerprint()
 *   health() {
 *     return { ok: true };
 *   }
 * }
 */
export function SkipFingerprint(skip = true): CustomDecorator<symbol> {
  return SetMetadata(FINGERPRINT_SKIP, skip);
}
