/**
 * Bounds the probes in flight: at most `global` across the process, and one at a time per device,
 * so that a sweep and an agent's click never hit the same small CPE twice at once. Waiters are
 * served in arrival order. A probe that finds its device idle and a slot free waits on nothing:
 * a sweep makes thousands of probes, nearly all of them uncontended.
 */
export class ProbeLimiter {
  private running = 0;
  private entered = 0;
  private readonly waiting: (() => void)[] = [];
  /** The devices being probed, each with the probes waiting for it (null: none yet), in arrival order. */
  private readonly perDevice = new Map<string, (() => void)[] | null>();

  constructor(private readonly global: number) {
    if (!Number.isInteger(global) || global < 1) throw new RangeError("the global limit must be a positive integer");
  }

  /** Probes accepted and not finished: in flight, or waiting for their device or a slot. */
  get pending(): number {
    return this.entered;
  }

  async run<T>(deviceKey: string, work: () => Promise<T>): Promise<T> {
    this.entered++;
    try {
      if (this.perDevice.has(deviceKey)) await this.waitForDevice(deviceKey);
      else this.perDevice.set(deviceKey, null);
      try {
        if (this.running < this.global) this.running++;
        else await new Promise<void>((resolve) => this.waiting.push(resolve));
        try {
          return await work();
        } finally {
          this.releaseSlot();
        }
      } finally {
        this.releaseDevice(deviceKey);
      }
    } finally {
      this.entered--;
    }
  }

  private waitForDevice(deviceKey: string): Promise<void> {
    let queue = this.perDevice.get(deviceKey);
    if (!queue) {
      queue = [];
      this.perDevice.set(deviceKey, queue);
    }
    const mine = queue;
    return new Promise((resolve) => mine.push(resolve));
  }

  /** The device passes straight to its next waiter, or is idle again. */
  private releaseDevice(deviceKey: string): void {
    const next = this.perDevice.get(deviceKey)?.shift();
    if (next) next();
    else this.perDevice.delete(deviceKey);
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `running` stays the same.
    if (next) next();
    else this.running--;
  }
}
