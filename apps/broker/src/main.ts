import 'reflect-metadata';
import { bootService } from '@knts/observability';
import { AppModule } from './app.module';
import { brokerConfigSchema } from './config';

void bootService({ name: 'broker', module: AppModule, configSchema: brokerConfigSchema });
