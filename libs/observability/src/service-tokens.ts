// Injection tokens for what bootService provides to every module of a service.
import { Inject } from '@nestjs/common';

/** The validated configuration object (the output of the service's config schema). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** The service's name (`ServiceName`). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** The service's pino logger, for code that wants structured fields without Nest's Logger. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');

/** `constructor(@InjectConfig() config: ActivatorConfig)`. */
export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(SERVICE_CONFIG);
