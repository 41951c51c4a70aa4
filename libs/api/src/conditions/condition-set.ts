// A port of knative.dev/pkg apis.ConditionSet: a happy condition (`Ready` for living resources,
// `Succeeded` for batch ones) computed from dependent conditions. Controllers use this instead of
// editing condition arrays by hand.
import type { Condition, ConditionStatus, Status } from '../meta';

export type Clock = () => Date;

/** RFC 3339 at second precision, as apis.VolatileTime serialises. */
export function conditionTime(clock: Clock): string {
  return clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ConditionSet {
  readonly happy: string;
  readonly dependents: readonly string[];

  constructor(happy: string, dependents: readonly string[]) {
    this.happy = happy;
    this.dependents = dependents.filter((d) => d !== happy);
  }

  /** Manages `status.conditions` in place; `clock` stamps lastTransitionTime on status changes. */
  manage(status: Status, clock: Clock): ConditionManager {
    return new ConditionManager(this, status, clock);
  }
}

export class ConditionManager {
  constructor(
    private readonly set: ConditionSet,
    private readonly status: Status,
    private readonly clock: Clock,
  ) {}

  getCondition(type: string): Condition | undefined {
    return this.status.conditions?.find((c) => c.type === type);
  }

  getTopLevelCondition(): Condition | undefined {
    return this.getCondition(this.set.happy);
  }

  isHappy(): boolean {
    return this.getTopLevelCondition()?.status === 'True';
  }

  private severity(type: string): Condition['severity'] {
    // Dependents and the happy condition are errors (serialised as ''); the rest are informational.
    return type === this.set.happy || this.set.dependents.includes(type) ? '' : 'Info';
  }

  /** Replaces a condition; lastTransitionTime only moves when something but the time changed. */
  setCondition(condition: Condition): void {
    const conditions = this.status.conditions ?? [];
    const existing = conditions.find((c) => c.type === condition.type);
    const next: Condition = { ...condition };
    if (!next.severity) delete next.severity;
    if (!next.reason) delete next.reason;
    if (!next.message) delete next.message;
    if (existing && sameCondition(existing, next)) return;
    next.lastTransitionTime = existing && existing.status === next.status && existing.lastTransitionTime ? existing.lastTransitionTime : conditionTime(this.clock);
    const others = conditions.filter((c) => c.type !== condition.type);
    this.status.conditions = [...others, next].sort((a, b) => a.type.localeCompare(b.type));
  }

  clearCondition(type: string): void {
    if (type === this.set.happy) return;
    this.status.conditions = (this.status.conditions ?? []).filter((c) => c.type !== type);
  }

  private make(type: string, status: ConditionStatus, reason?: string, message?: string): Condition {
    return { type, status, reason, message, severity: this.severity(type) };
  }

  markTrue(type: string): void {
    this.markTrueWithReason(type, '', '');
  }

  markTrueWithReason(type: string, reason: string, message: string): void {
    this.setCondition(this.make(type, 'True', reason, message));
    for (const dependent of this.set.dependents) {
      // Failed or Unknown dependents trump a True one.
      if (this.getCondition(dependent)?.status !== 'True') return;
    }
    if (type !== this.set.happy) this.setCondition(this.make(this.set.happy, 'True'));
  }

  markUnknown(type: string, reason: string, message: string): void {
    this.setCondition(this.make(type, 'Unknown', reason, message));
    let isDependent = false;
    for (const dependent of this.set.dependents) {
      const condition = this.getCondition(dependent);
      // A failed dependent trumps Unknown: the happy condition stays (or becomes) False.
      if (condition?.status === 'False') {
        if (this.getTopLevelCondition()?.status !== 'False') this.markFalse(this.set.happy, reason, message);
        return;
      }
      if (dependent === type) isDependent = true;
    }
    if (isDependent) this.setCondition(this.make(this.set.happy, 'Unknown', reason, message));
  }

  markFalse(type: string, reason: string, message: string): void {
    const types = [type];
    if (this.set.dependents.includes(type)) types.push(this.set.happy);
    for (const t of types) this.setCondition(this.make(t, 'False', reason, message));
  }

  /** Adds missing conditions as Unknown (or True when the happy condition already is). */
  initializeConditions(): void {
    let happy = this.getTopLevelCondition();
    if (!happy) {
      this.setCondition(this.make(this.set.happy, 'Unknown'));
      happy = this.getTopLevelCondition();
    }
    const status: ConditionStatus = happy?.status === 'True' ? 'True' : 'Unknown';
    for (const dependent of this.set.dependents) {
      if (!this.getCondition(dependent)) this.setCondition(this.make(dependent, status));
    }
  }
}

function sameCondition(a: Condition, b: Condition): boolean {
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    (a.severity ?? '') === (b.severity ?? '')
  );
}
