import 'reflect-metadata';
import { bootService } from '@knts/observability';
import { AppModule } from './app.module';
import { servingControllerConfigSchema } from './config';

void bootService({ name: 'serving-controller', module: AppModule, configSchema: servingControllerConfigSchema });
