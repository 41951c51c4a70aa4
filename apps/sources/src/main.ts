import 'reflect-metadata';
import { bootService } from '@knts/observability';
import { AppModule } from './app.module';
import { sourcesConfigSchema } from './config';

void bootService({ name: 'sources', module: AppModule, configSchema: sourcesConfigSchema });
