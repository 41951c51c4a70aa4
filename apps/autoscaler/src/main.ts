import 'reflect-metadata';
import { bootService } from '@knts/observability';
import { AppModule } from './app.module';
import { autoscalerConfigSchema } from './config';

void bootService({ name: 'autoscaler', module: AppModule, configSchema: autoscalerConfigSchema });
