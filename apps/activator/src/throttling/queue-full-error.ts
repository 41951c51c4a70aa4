// knative/serving pkg/queue/breaker.go `ErrRequestQueueFull`, same text. The activator answers
// 503 with it (pkg/activator/handler/handler.go maps it, like a deadline, to 503).
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';

  constructor() {
    super('pending request queue full');
  }
}
