// The example's routes: a login behind Fingerprint, a checkout behind cside, a webhook, and the
// development agent simulator.
import { Body, Controller, HttpCode, NotFoundException, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  Fingerprint,
  FingerprintGuard,
  FingerprintOptions,
  FingerprintWebhookEvent,
  FingerprintWebhookInterceptor,
  type FingerprintEvent,
} from '@fingerprint-guard/nestjs';
import { createAgentSimulator, type AgentScenario, type AgentSimulator } from '@fingerprint-guard/testing';

@Controller('api')
@UseGuards(FingerprintGuard)
export class ShopController {
  @Post('login')
  @HttpCode(200)
  @FingerprintOptions({ deny: { bot: true, vpn: true, tampering: true } })
  login(@Fingerprint() fingerprint: Fingerprint, @Body() body: { user?: string }) {
    return { welcome: body.user ?? 'anonymous', visitorId: fingerprint.visitorId, eventId: fingerprint.eventId };
  }

  @Post('checkout')
  @HttpCode(200)
  checkout(@Fingerprint() fingerprint: Fingerprint) {
    return { order: 'confirmed', provider: fingerprint.provider };
  }
}

@Controller('webhooks')
export class WebhookController {
  readonly received: string[] = [];

  @Post('fingerprint')
  @HttpCode(204)
  @UseInterceptors(FingerprintWebhookInterceptor)
  receive(@FingerprintWebhookEvent() event: FingerprintEvent) {
    this.received.push(event.event_id);
  }
}

// Only without real keys: a simulator of Fingerprint's browser agent, sealing with the development
// key main.ts made. Anyone who can call it can mint results for that key alone.
@Controller('dev')
export class SimulatorController {
  private readonly simulator?: AgentSimulator;

  constructor(config: ConfigService) {
    const key = config.get<string>('simulatorKey');
    if (key) this.simulator = createAgentSimulator({ key });
  }

  @Post('agent-simulator')
  @HttpCode(200)
  identify(@Body() body: { scenario?: AgentScenario }) {
    if (!this.simulator) throw new NotFoundException();
    return this.simulator.identify(body.scenario);
  }
}
