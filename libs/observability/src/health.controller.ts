import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { HealthService } from './health.service';

export interface HealthBody {
  status: 'alive' | 'wedged' | 'ready' | 'not ready' | 'shutting down';
  failing?: string[];
}

/** `/healthz` (restart me?) and `/readyz` (send me work?), Kubernetes probe style. */
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('healthz')
  async healthz(@Res({ passthrough: true }) res: ServerResponse): Promise<HealthBody> {
    const report = await this.health.checkLiveness();
    if (report.ok) return { status: 'alive' };
    res.statusCode = 503;
    return { status: 'wedged', failing: report.failing };
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: ServerResponse): Promise<HealthBody> {
    const report = await this.health.checkReadiness();
    if (report.ok) return { status: 'ready' };
    res.statusCode = 503;
    return { status: report.shuttingDown ? 'shutting down' : 'not ready', failing: report.failing };
  }
}
