/** Admission to the renderer: so many at once, so many in line, the rest refused at once. */
import { describe, expect, it } from "vitest";
import { RendererBusyError, RendererClosedError } from "../../functions/render/errors.js";
import { RenderSlots } from "../../functions/render/render-slots.js";

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("render slots", () => {
  it("run so many at once, let so many wait in order, and refuse the next with a retry time", async () => {
    const slots = new RenderSlots({ running: 2, waiting: 1, retryAfterSeconds: 3 });
    const order: string[] = [];
    const gates = [gate(), gate(), gate()];
    const jobs = gates.map((g, i) => slots.run(async () => (order.push(`start ${i}`), await g.opened, order.push(`end ${i}`), i)));
    await Promise.resolve();
    expect(slots.inUse).toBe(2);
    expect(slots.queued).toBe(1);
    const refused = await slots.run(async () => "never").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RendererBusyError);
    expect((refused as RendererBusyError).retryAfterSeconds).toBe(3);
    gates[0]!.open();
    await jobs[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual(["start 0", "start 1", "end 0", "start 2"]);
    gates[1]!.open();
    gates[2]!.open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2]);
    expect(slots.inUse).toBe(0);
  });

  it("release a slot when the work fails", async () => {
    const slots = new RenderSlots({ running: 1, waiting: 0, retryAfterSeconds: 1 });
    await expect(slots.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await slots.run(async () => "next")).toBe("next");
  });

  it("on close, take no more work but let what was admitted finish, within the grace time", async () => {
    const slots = new RenderSlots({ running: 1, waiting: 5, retryAfterSeconds: 1 });
    const g = gate();
    const running = slots.run(() => g.opened.then(() => "done"));
    const waiting = slots.run(async () => "after");
    const closed = slots.close(5_000);
    await expect(slots.run(async () => "late")).rejects.toBeInstanceOf(RendererClosedError);
    g.open();
    await closed;
    expect(await running).toBe("done");
    expect(await waiting).toBe("after");
    // a render that never ends does not hold the close beyond its grace time (else this never returns)
    const stuck = new RenderSlots({ running: 1, waiting: 0, retryAfterSeconds: 1 });
    void stuck.run(() => new Promise(() => undefined));
    await stuck.close(50);
    expect(stuck.inUse).toBe(1);
  });
});
