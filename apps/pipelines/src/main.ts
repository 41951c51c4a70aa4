import 'reflect-metadata';
import { bootService } from '@knts/observability';
import { AppModule } from './app.module';
import { pipelinesConfigSchema } from './config';

void bootService({ name: 'pipelines', module: AppModule, configSchema: pipelinesConfigSchema });
