/**
 * The IPC contract: one channel per method, the zod-free name list and the schemas in step, and
 * window.api built from it with named methods only.
 */
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, CHANNEL_NAMES, EVENT_CHANNEL, buildApi, type Api } from '../../shared/ipc-api';
import { AppEventSchema, channels } from '../../shared/ipc';

describe('the IPC contract', () => {
  it('names every channel once, and every name has its schemas', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual(Object.keys(channels).sort());
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    for (const [method, d] of Object.entries(channels))
      expect(d.channel).toBe(CHANNELS[method as keyof typeof CHANNELS]);
    expect(CHANNEL_NAMES).not.toContain(EVENT_CHANNEL);
  });

  it('builds window.api as named methods over invoke, with onEvent returning an unsubscribe', async () => {
    const invoke = vi.fn(async (channel: string, payload: unknown) => ({ channel, payload }));
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const api: Api = buildApi(invoke, subscribe);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(CHANNELS), 'onEvent'].sort());
    expect('invoke' in api).toBe(false);
    await expect(api.getRun({ runId: 'r1' })).resolves.toEqual({
      channel: 'runs:get',
      payload: { runId: 'r1' },
    });
    await expect(api.listRuns()).resolves.toEqual({ channel: 'runs:list', payload: {} });
    const off = api.onEvent(() => {});
    off();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    const typeCheck = (a: Api) => {
      // @ts-expect-error — getRun needs its request
      void a.getRun();
      // @ts-expect-error — a number is not a run id
      void a.getRun({ runId: 1 });
    };
    void typeCheck;
  });

  it('shows the main process’s one line, not Electron’s wrapper, when a call fails', async () => {
    const api = buildApi(
      async () => {
        throw new Error(
          "Error invoking remote method 'runs:get': InputError: runs:get: field runId: Invalid input",
        );
      },
      () => () => {},
    );
    await expect(api.getRun({ runId: 'x' })).rejects.toThrow(
      /^runs:get: field runId: Invalid input$/,
    );
  });

  it('event payloads are described by one schema', () => {
    expect(
      AppEventSchema.safeParse({
        type: 'progress',
        progress: { runId: 'r', stepId: 's', phase: 'delete', done: 1, bytes: 2 },
      }).success,
    ).toBe(true);
    expect(AppEventSchema.safeParse({ type: 'progress', progress: { runId: 'r' } }).success).toBe(
      false,
    );
    expect(AppEventSchema.safeParse({ type: 'other' }).success).toBe(false);
  });
});
