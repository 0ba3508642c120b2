import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PbxSimulator } from '@cc/pbx-sim';
import { amiConfig, type AmiConfig } from '../config/ami.config';

const LOOPBACK = '127.0.0.1';

/**
 * With no AMI_HOST configured, the back end runs the PBX simulator in-process (the `demo` scenario), so
 * the demo shows a living contact centre without an Asterisk. It listens where Asterisk would (AMI on
 * AMI_PORT, SIP over WebSocket on SIM_SIP_WS_PORT) on loopback only; if a port is taken it falls back
 * to a free one and says so.
 */
@Injectable()
export class EmbeddedPbxService implements OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedPbxService.name);
  private simulator: Promise<PbxSimulator> | null = null;

  constructor(@Inject(amiConfig.KEY) private readonly config: AmiConfig) {}

  async amiEndpoint(): Promise<{ host: string; port: number }> {
    const simulator = await this.ensureStarted();
    return { host: LOOPBACK, port: simulator.amiPort };
  }

  async onApplicationShutdown(): Promise<void> {
    const simulator = this.simulator;
    this.simulator = null;
    if (simulator) await (await simulator).stop();
  }

  private ensureStarted(): Promise<PbxSimulator> {
    if (!this.simulator) {
      this.simulator = this.start().catch((error: unknown) => {
        this.simulator = null;
        throw error;
      });
    }
    return this.simulator;
  }

  private async start(): Promise<PbxSimulator> {
    const wanted = { amiPort: this.config.port, sipWsPort: this.config.simulatorSipWsPort };
    const simulator = await this.startOn(wanted).catch(async (error: unknown) => {
      if (!isAddressInUse(error)) throw error;
      this.logger.warn(
        `AMI port ${wanted.amiPort} or SIP WebSocket port ${wanted.sipWsPort} is taken: the built-in PBX simulator uses free ports instead`,
      );
      return this.startOn({ amiPort: 0, sipWsPort: 0 });
    });
    this.logger.warn(
      `AMI_HOST is not set: running the built-in PBX simulator (demo scenario), AMI on ${LOOPBACK}:${simulator.amiPort}, ` +
        `SIP over WebSocket on ws://${LOOPBACK}:${simulator.sipWsPort}/ws`,
    );
    return simulator;
  }

  private startOn(ports: { amiPort: number; sipWsPort: number }): Promise<PbxSimulator> {
    return PbxSimulator.start({
      host: LOOPBACK,
      amiPort: ports.amiPort,
      sipWsPort: ports.sipWsPort,
      httpPort: null,
      amiUser: this.config.username,
      amiSecret: this.config.secret,
      scenario: 'demo',
    });
  }
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}
