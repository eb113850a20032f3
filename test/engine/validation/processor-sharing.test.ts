import { describe, expect, it } from 'vitest';
import { simulateFifoQueue, simulateProcessorSharingQueue } from '../../helpers/queues.js';
import { deterministic, exponential, hyperexponential } from '../../helpers/samplers.js';
import type { ServiceLaw } from '../../helpers/samplers.js';
import type { RandomSource } from '../../../engine/random/random-source.js';
import { mg1, mg1ProcessorSharing } from '../../helpers/queueing-formulas.js';
import { agreement, describeAgreement, replicate } from '../../helpers/replications.js';

/**
 * M/G/1 processor sharing: the mean sojourn is E[S]/(1 − ρ) whatever the service distribution
 * (insensitivity). The queue uses a virtual-time clock with a single pending departure event that
 * every arrival and departure cancels and reschedules, so it leans hard on cancel. Same replication
 * scheme and tolerance as the FIFO checks (test/helpers/replications.ts).
 */

const R = 10;
const LAMBDA = 0.7;
const MEAN_SERVICE_S = 1;
const theory = mg1ProcessorSharing(LAMBDA, MEAN_SERVICE_S);

const laws: [string, (source: RandomSource) => ServiceLaw][] = [
  ['deterministic', () => deterministic(MEAN_SERVICE_S)],
  ['exponential', (source) => exponential(source, MEAN_SERVICE_S)],
  ['hyperexponential SCV 4', (source) => hyperexponential(source, MEAN_SERVICE_S, 4)],
];

// Runs are cached by seed: the H2 runs serve both the positive check and a negative control.
const psRuns = new Map<string, ReturnType<typeof simulateProcessorSharingQueue>[]>();

function runPs(seed: string, law: (source: RandomSource) => ServiceLaw) {
  const cached = psRuns.get(seed);
  if (cached) return cached;
  const runs = replicate(seed, R, (streams) =>
    simulateProcessorSharingQueue({
      interarrival: exponential(streams.stream('arrivals'), 1 / LAMBDA).sample,
      service: law(streams.stream('service')).sample,
      customers: 100_000,
      warmupCustomers: 5_000,
    }),
  );
  psRuns.set(seed, runs);
  return runs;
}

describe('M/G/1-PS, ρ = 0.7', () => {
  it.each(laws)('%s service: mean sojourn is E[S]/(1 − ρ), and L = λ·E[T]', (name, law) => {
    const runs = runPs(`validation-ps-${name}`, law);
    const sojourns = runs.map((r) => r.meanSojournS);
    const a = agreement(sojourns, theory.meanSojournS);
    expect(a.agrees, describeAgreement(`PS ${name} E[T]`, a)).toBe(true);
    expect(a.tolerance / theory.meanSojournS, describeAgreement(`PS ${name} E[T]`, a)).toBeLessThan(0.08);

    const numbers = agreement(runs.map((r) => r.timeAverageNumberInSystem), LAMBDA * theory.meanSojournS);
    expect(numbers.agrees, describeAgreement(`PS ${name} L`, numbers)).toBe(true);

    // Negative control: ρ off by 10% in the PS formula is rejected by the same check.
    const wrong = agreement(sojourns, mg1ProcessorSharing(LAMBDA * 1.1, MEAN_SERVICE_S).meanSojournS);
    expect(wrong.agrees, `negative control accepted: ${describeAgreement('PS with ρ×1.1', wrong)}`).toBe(false);
  });

  it('negative control: with H2 service, FIFO does not share the PS answer, and PS does not follow Pollaczek–Khinchine', () => {
    const h2 = (source: RandomSource) => hyperexponential(source, MEAN_SERVICE_S, 4);
    const fifo = replicate('validation-ps-fifo-h2', R, (streams) =>
      simulateFifoQueue({
        interarrival: exponential(streams.stream('arrivals'), 1 / LAMBDA).sample,
        service: h2(streams.stream('service')).sample,
        servers: 1,
        customers: 100_000,
        warmupCustomers: 5_000,
      }),
    );
    const fifoVsPs = agreement(fifo.map((r) => r.meanSojournS), theory.meanSojournS);
    expect(fifoVsPs.agrees, describeAgreement('FIFO H2 vs PS formula', fifoVsPs)).toBe(false);

    const ps = runPs('validation-ps-hyperexponential SCV 4', h2);
    const psVsPk = agreement(ps.map((r) => r.meanSojournS), mg1(LAMBDA, MEAN_SERVICE_S, 5).meanSojournS);
    expect(psVsPk.agrees, describeAgreement('PS H2 vs P-K', psVsPk)).toBe(false);
  });

  it('every customer departs exactly once, and a lone customer is served at full rate', () => {
    // One arrival at a time far apart: each sojourn must equal its service time exactly.
    let i = 0;
    const services = [0.5, 2, 1.25, 3];
    const stats = simulateProcessorSharingQueue({
      interarrival: () => 100,
      service: () => services[i++ % services.length],
      customers: 4,
      warmupCustomers: 0,
    });
    expect(stats.meanSojournS).toBeCloseTo((0.5 + 2 + 1.25 + 3) / 4, 12);

    // Two customers arriving together with work 1 and 3: the first leaves at 2 (half rate), the
    // second has 2 left and finishes alone at 4, so sojourns are 2 and 4.
    let j = 0;
    const pair = simulateProcessorSharingQueue({
      interarrival: () => (j++ === 1 ? 0 : 10),
      service: (() => {
        let k = 0;
        return () => [1, 3][k++ % 2];
      })(),
      customers: 2,
      warmupCustomers: 0,
    });
    expect(pair.meanSojournS).toBeCloseTo(3, 12);
  });
});
