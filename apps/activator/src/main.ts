import 'reflect-metadata';
import { bootService } from '@knts/observability';
import { AppModule } from './app.module';
import { activatorConfigSchema } from './config';

void bootService({ name: 'activator', module: AppModule, configSchema: activatorConfigSchema });
