/** What a local fake server received, in order, with a way to wait until enough has arrived. */
export class ArrivalLog<T> {
  readonly items: T[] = [];
  private readonly waiters: Array<() => void> = [];

  record(item: T): void {
    this.items.push(item);
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves once `count` items have arrived in all, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 5000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`expected ${count} arrivals, got ${this.items.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.items;
  }
}
