/**
 * Admission to the renderer: a fixed number of renders run at once (one per page of the pool), a
 * bounded number wait in line, first come first served, and anything beyond that is refused at once
 * with RendererBusyError — a caller is told to come back rather than left waiting without bound.
 */
import { RendererBusyError, RendererClosedError } from "./errors.js";

export interface RenderSlotsOptions {
  /** renders that run at once */
  readonly running: number;
  /** renders that may wait for a slot; one more is refused */
  readonly waiting: number;
  /** what a refused caller is told to wait before retrying */
  readonly retryAfterSeconds: number;
}

export class RenderSlots {
  private active = 0;
  private readonly line: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private closed = false;
  private drained: (() => void)[] = [];

  constructor(readonly options: RenderSlotsOptions) {}

  /** Renders running now. */
  get inUse(): number {
    return this.active;
  }

  /** Renders waiting for a slot. */
  get queued(): number {
    return this.line.length;
  }

  /** Runs `work` in a slot, waiting in line if every slot is taken. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new RendererClosedError("the renderer is shutting down"));
    if (this.active < this.options.running) {
      this.active++;
      return Promise.resolve();
    }
    if (this.line.length >= this.options.waiting) return Promise.reject(new RendererBusyError(this.options.retryAfterSeconds));
    return new Promise((resolve, reject) => this.line.push({ resolve, reject }));
  }

  private release(): void {
    const next = this.line.shift();
    if (next) {
      next.resolve(); // the slot passes straight to the next in line
      return;
    }
    this.active--;
    if (this.active === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  /**
   * Takes no more work. Renders already admitted (running or in line) still run: they belong to
   * requests in flight. Resolves when they have finished or after `graceMs`, whichever is first.
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    if (this.active === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.drained.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }
}
