// Locally an approved run is paid in the background of the API process, by the same worker code.
import type { PayoutDispatcher } from '../runtime/payouts.js';
import type { InProcessWorkerBase } from '../runtime/build-deps.js';
import { createPacer } from './pacer.js';
import { payRun, type PayoutWorkerDeps } from './pay-run.js';

export const createInProcessDispatcher = (worker: PayoutWorkerDeps): PayoutDispatcher => {
  const running = new Set<Promise<unknown>>();
  return {
    async dispatch(runId) {
      const job = payRun(worker, runId)
        .catch((error: unknown) => worker.logger.error('payout run failed; it resumes on the next dispatch', { runId, error }))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
};

/** The shape buildDeps asks for: the worker, paced to the configured rate, running in this process. */
export const inProcessPayouts = ({ transfersPerSecond, ...worker }: InProcessWorkerBase): PayoutDispatcher =>
  createInProcessDispatcher({ ...worker, pacer: createPacer(transfersPerSecond) });
