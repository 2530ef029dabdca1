/**
 * Bounds the probes in flight: at most `global` across the process, and one at a time per device,
 * so that a sweep and an agent's click never hit the same small CPE twice at once. Waiters are
 * served in arrival order.
 */
export class ProbeLimiter {
  private running = 0;
  private entered = 0;
  private readonly waiting: (() => void)[] = [];
  /** The tail of each device's chain of probes. */
  private readonly perDevice = new Map<string, Promise<void>>();

  constructor(private readonly global: number) {
    if (!Number.isInteger(global) || global < 1) throw new RangeError("the global limit must be a positive integer");
  }

  /** Probes accepted and not finished: in flight, or waiting for their device or a slot. */
  get pending(): number {
    return this.entered;
  }

  async run<T>(deviceKey: string, work: () => Promise<T>): Promise<T> {
    const previous = this.perDevice.get(deviceKey) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.perDevice.set(deviceKey, tail);
    this.entered++;
    try {
      await previous;
      await this.acquire();
      try {
        return await work();
      } finally {
        this.releaseSlot();
      }
    } finally {
      this.entered--;
      release();
      if (this.perDevice.get(deviceKey) === tail) this.perDevice.delete(deviceKey);
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.global) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `running` stays the same.
    if (next) next();
    else this.running--;
  }
}
