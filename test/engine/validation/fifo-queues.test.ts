import { describe, expect, it } from 'vitest';
import { simulateFifoQueue } from '../../helpers/queues.js';
import type { FifoQueueStatistics } from '../../helpers/queues.js';
import { deterministic, exponential, hyperexponential } from '../../helpers/samplers.js';
import { erlangB, mg1, mm1, mmc } from '../../helpers/queueing-formulas.js';
import { agreement, describeAgreement, replicate } from '../../helpers/replications.js';

/**
 * FIFO queues on the kernel against queueing theory. Each model runs R = 10 independent
 * replications (RandomStreams(seed, r)), deletes the first customers of each as warm-up, and
 * compares the mean over replications with the closed form using `agreement` (see
 * test/helpers/replications.ts for the tolerance and why). Run lengths are chosen so that the
 * tolerance is a few percent of the value: `maxRelativeTolerance` asserts that resolution, so a
 * check cannot pass merely because its interval is wide.
 */

const R = 10;

function expectAgrees(label: string, samples: number[], theory: number, maxRelativeTolerance: number): void {
  const a = agreement(samples, theory);
  expect(a.agrees, describeAgreement(label, a)).toBe(true);
  expect(a.tolerance / Math.abs(theory), `${describeAgreement(label, a)}: interval too wide to mean anything`).toBeLessThan(
    maxRelativeTolerance,
  );
}

function expectRejected(label: string, samples: number[], wrongTheory: number): void {
  const a = agreement(samples, wrongTheory);
  expect(a.agrees, `negative control accepted: ${describeAgreement(label, a)}`).toBe(false);
}

function lazily<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}

const pick = (runs: FifoQueueStatistics[], key: keyof FifoQueueStatistics) => runs.map((r) => r[key]);

describe('M/M/1, ρ = 0.8', () => {
  const lambda = 0.8;
  const mu = 1;
  const theory = mm1(lambda, mu);
  const runs = lazily(() =>
    replicate('validation-mm1', R, (streams) =>
      simulateFifoQueue({
        interarrival: exponential(streams.stream('arrivals'), 1 / lambda).sample,
        service: exponential(streams.stream('service'), 1 / mu).sample,
        servers: 1,
        customers: 100_000,
        warmupCustomers: 5_000,
      }),
    ),
  );

  it('mean wait in queue is ρ/(μ − λ)', () => {
    expectAgrees('M/M/1 E[Wq]', pick(runs(), 'meanWaitS'), theory.meanWaitS, 0.06);
  });

  it('time-average number in system is ρ/(1 − ρ)', () => {
    expectAgrees('M/M/1 L', pick(runs(), 'timeAverageNumberInSystem'), theory.meanNumberInSystem, 0.06);
  });

  it('measured arrival rate is λ (the window bookkeeping is right)', () => {
    expectAgrees('M/M/1 λ', pick(runs(), 'arrivalRatePerS'), lambda, 0.02);
  });

  it('negative control: the same check rejects M/M/1 formulas with ρ off by ±10%', () => {
    for (const factor of [0.9, 1.1]) {
      const wrong = mm1(lambda * factor, mu);
      expectRejected(`E[Wq] with ρ×${factor}`, pick(runs(), 'meanWaitS'), wrong.meanWaitS);
      expectRejected(`L with ρ×${factor}`, pick(runs(), 'timeAverageNumberInSystem'), wrong.meanNumberInSystem);
    }
  });

  it('negative control: rejects Lq = ρ²/(1 − ρ) mistaken for L', () => {
    expectRejected('L vs Lq', pick(runs(), 'timeAverageNumberInSystem'), (theory.rho * theory.rho) / (1 - theory.rho));
  });
});

describe('M/M/4, λ = 3, μ = 1 (ρ = 0.75)', () => {
  const servers = 4;
  const lambda = 3;
  const mu = 1;
  const theory = mmc(servers, lambda, mu);
  const runs = lazily(() =>
    replicate('validation-mm4', R, (streams) =>
      simulateFifoQueue({
        interarrival: exponential(streams.stream('arrivals'), 1 / lambda).sample,
        service: exponential(streams.stream('service'), 1 / mu).sample,
        servers,
        customers: 80_000,
        warmupCustomers: 5_000,
      }),
    ),
  );

  it('probability of waiting is Erlang C', () => {
    expectAgrees('M/M/4 P(wait)', pick(runs(), 'waitProbability'), theory.waitProbability, 0.03);
  });

  it('mean wait in queue is C/(cμ − λ)', () => {
    expectAgrees('M/M/4 E[Wq]', pick(runs(), 'meanWaitS'), theory.meanWaitS, 0.06);
  });

  it("Little's law: time-average number in system = λ̂ · mean sojourn, replication by replication", () => {
    // Both sides come from the same run, so their ratio is compared with 1: a bookkeeping error in
    // either the time integral or the per-customer sojourns would show here.
    const ratios = runs().map((r) => r.timeAverageNumberInSystem / (r.arrivalRatePerS * r.meanSojournS));
    expectAgrees("Little's law L/(λW)", ratios, 1, 0.02);
    // And L = λ·E[T] with the theoretical sojourn, as a cross-check of both.
    expectAgrees('M/M/4 L', pick(runs(), 'timeAverageNumberInSystem'), lambda * theory.meanSojournS, 0.04);
  });

  it("negative control: Little's law with the wait in queue instead of the sojourn is rejected", () => {
    const ratios = runs().map((r) => r.timeAverageNumberInSystem / (r.arrivalRatePerS * r.meanWaitS));
    expectRejected('L/(λ Wq)', ratios, 1);
  });

  it('negative control: Erlang B mistaken for Erlang C, and ρ off by 10%, are rejected', () => {
    expectRejected('P(wait) vs Erlang B', pick(runs(), 'waitProbability'), erlangB(servers, lambda / mu));
    expectRejected('E[Wq] with ρ×1.1', pick(runs(), 'meanWaitS'), mmc(servers, lambda * 1.1, mu).meanWaitS);
    expectRejected('E[Wq] with ρ×0.9', pick(runs(), 'meanWaitS'), mmc(servers, lambda * 0.9, mu).meanWaitS);
  });
});

describe('M/G/1 FIFO against Pollaczek–Khinchine', () => {
  it('M/D/1, ρ = 0.8: E[Wq] = λ·E[S²]/(2(1 − ρ)) = 2', () => {
    const lambda = 0.8;
    const service = deterministic(1);
    const runs = replicate('validation-md1', R, (streams) =>
      simulateFifoQueue({
        interarrival: exponential(streams.stream('arrivals'), 1 / lambda).sample,
        service: service.sample,
        servers: 1,
        customers: 100_000,
        warmupCustomers: 5_000,
      }),
    );
    const waits = pick(runs, 'meanWaitS');
    expectAgrees('M/D/1 E[Wq]', waits, mg1(lambda, service.meanS, service.secondMomentS2).meanWaitS, 0.06);
    // Negative control: the M/M/1 answer (twice as large) is rejected.
    expectRejected('M/D/1 vs M/M/1', waits, mm1(lambda, 1).meanWaitS);
  });

  it('M/H2/1 (SCV 4), ρ = 0.7: E[Wq] = λ·E[S²]/(2(1 − ρ))', () => {
    const lambda = 0.7;
    const runs = replicate('validation-mh21', R, (streams) =>
      simulateFifoQueue({
        interarrival: exponential(streams.stream('arrivals'), 1 / lambda).sample,
        service: hyperexponential(streams.stream('service'), 1, 4).sample,
        servers: 1,
        customers: 150_000,
        warmupCustomers: 10_000,
      }),
    );
    const waits = pick(runs, 'meanWaitS');
    expectAgrees('M/H2/1 E[Wq]', waits, mg1(lambda, 1, 5).meanWaitS, 0.1);
    // Negative controls: ignoring the variability (M/M/1), or ρ off by 10%, is rejected.
    expectRejected('M/H2/1 vs M/M/1', waits, mm1(lambda, 1).meanWaitS);
    expectRejected('M/H2/1 with ρ×0.9', waits, mg1(lambda * 0.9, 1, 5).meanWaitS);
  });
});

describe('M/M/5/5 loss system, offered load 3 erlangs', () => {
  it('blocking probability is Erlang B, and the admitted never wait', () => {
    const lambda = 3;
    const runs = replicate('validation-erlang-b', R, (streams) =>
      simulateFifoQueue({
        interarrival: exponential(streams.stream('arrivals'), 1 / lambda).sample,
        service: exponential(streams.stream('service'), 1).sample,
        servers: 5,
        capacity: 5,
        customers: 60_000,
        warmupCustomers: 2_000,
      }),
    );
    const blocking = pick(runs, 'blockingProbability');
    expectAgrees('M/M/5/5 blocking', blocking, erlangB(5, lambda), 0.04);
    for (const r of runs) expect(r.waitProbability).toBe(0);
    // Negative controls: one server fewer, or the load off by 10%, is rejected.
    expectRejected('blocking vs B(4, a)', blocking, erlangB(4, lambda));
    expectRejected('blocking vs B(5, 1.1a)', blocking, erlangB(5, lambda * 1.1));
  });
});
