// Opens the NATS connection the CLI's store and log reader share, and turns "connection
// refused" into an error that tells the user how to start the platform.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { CliError } from '../cli-error';

export async function connectNats(url: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name: 'knts-cli', timeout: 3000 });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `cannot reach NATS at ${url} (${detail}); start the platform with "knts up", or pass --nats URL`,
    );
  }
}
