import { describe, expect, it } from 'vitest';
import type { RandomStreams } from '../../../engine/random/random-source.js';
import { Simulation } from '../../../engine/simulation.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { roundRobinRouter } from '../../../models/policies/routing/round-robin.js';
import { newRequest } from '../../../models/serving/request.js';
import { ServingPool } from '../../../models/serving/serving-pool.js';
import { mg1ProcessorSharing, mm1, mmc } from '../../helpers/queueing-formulas.js';
import { agreement, describeAgreement, replicate } from '../../helpers/replications.js';
import { exponential, hyperexponential, type ServiceLaw } from '../../helpers/samplers.js';

/**
 * Queueing limits of the serving model (issue 4 §6). With no prefill and lengths drawn so that the
 * decode work is the service requirement, one instance is a classical queue:
 *  - constant per-user speed and a batch cap c: each sequence is a server of its own → M/M/c;
 *  - step time ∝ B (constant total throughput): the batch shares one server → M/G/1-PS.
 */
function linearModel(perStepS: number, perSequenceS: number): PerformanceModel {
  return { kind: 'test-linear', decodeStepTimeS: (b) => perStepS + perSequenceS * b, prefillTimeS: () => 0 };
}

interface PoolRun {
  meanWaitS: number;
  meanSojournS: number;
}

/**
 * One instance fed by Poisson arrivals. The service law gives the decode time at speed 1 token/s;
 * the request carries outputTokens = 1 + service·tokensPerS (its first token comes from prefill).
 */
function runPool(streams: RandomStreams, model: PerformanceModel, batchCap: number, arrivalRatePerS: number, service: (streams: RandomStreams) => ServiceLaw, tokensPerS: number): PoolRun {
  const sim = new Simulation();
  const arrivals = streams.stream('arrivals');
  const law = service(streams);
  const pool = new ServingPool(sim, 1, { performance: model, batchCap, kvCapacityBytes: 1e18, kvBytesPerToken: 1 }, roundRobinRouter());
  const customers = 30_000;
  const warmup = 3_000;
  let next = 0;
  let waitSum = 0;
  let sojournSum = 0;
  let counted = 0;
  pool.onComplete = (r) => {
    if (r.id < warmup) return;
    waitSum += r.admittedS - r.arrivalS;
    sojournSum += r.completionS - r.arrivalS;
    counted++;
  };
  const arrive = (): void => {
    pool.submit(newRequest(next, 0, sim.now, 10, 0, 1 + law.sample() * tokensPerS));
    if (++next < customers) sim.schedule(-Math.log(1 - arrivals.next()) / arrivalRatePerS, arrive);
  };
  sim.schedule(0, arrive);
  sim.run();
  return { meanWaitS: waitSum / counted, meanSojournS: sojournSum / counted };
}

describe('serving pool queueing limits', () => {
  it('constant per-user speed with batch cap c = 4 behaves as M/M/4 (Erlang C)', () => {
    // 50 tokens/s per user whatever the batch; mean service 2 s; λ = 1.4/s → ρ = 0.7.
    const tokensPerS = 50;
    const lambda = 1.4;
    const runs = replicate('serving-mmc', 10, (s) => runPool(s, linearModel(1 / tokensPerS, 0), 4, lambda, (st) => exponential(st.stream('work'), 2), tokensPerS));
    const theory = mmc(4, lambda, 0.5);
    const wait = agreement(runs.map((r) => r.meanWaitS), theory.meanWaitS);
    expect(wait.agrees, describeAgreement('M/M/4 wait', wait)).toBe(true);
    const sojourn = agreement(runs.map((r) => r.meanSojournS), theory.meanSojournS);
    expect(sojourn.agrees, describeAgreement('M/M/4 sojourn', sojourn)).toBe(true);
    // Negative control: the same runs are not an M/M/1 with the pooled rate (which waits far less).
    const pooled = agreement(runs.map((r) => r.meanWaitS), mm1(lambda, 2).meanWaitS);
    expect(pooled.agrees).toBe(false);
  });

  it('batch cap 1 behaves as M/M/1', () => {
    const runs = replicate('serving-mm1', 10, (s) => runPool(s, linearModel(0.01, 0), 1, 0.35, (st) => exponential(st.stream('work'), 2), 100));
    const theory = mm1(0.35, 0.5);
    const wait = agreement(runs.map((r) => r.meanWaitS), theory.meanWaitS);
    expect(wait.agrees, describeAgreement('M/M/1 wait', wait)).toBe(true);
  });

  it.each([
    ['exponential', (s: RandomStreams) => exponential(s.stream('work'), 2)],
    ['hyperexponential (SCV 4)', (s: RandomStreams) => hyperexponential(s.stream('work'), 2, 4)],
  ])('step time ∝ batch size behaves as M/G/1-PS with %s work', (_label, law) => {
    // 100 tokens/s shared by the batch: E[S] = 2 s of work, λ = 0.35 → ρ = 0.7; no batch cap.
    const runs = replicate('serving-ps', 10, (s) => runPool(s, linearModel(0, 0.01), 1e9, 0.35, law, 100));
    const theory = mg1ProcessorSharing(0.35, 2);
    const sojourn = agreement(runs.map((r) => r.meanSojournS), theory.meanSojournS);
    expect(sojourn.agrees, describeAgreement('M/G/1-PS sojourn', sojourn)).toBe(true);
    // Negative control: a FIFO single server with the same work would differ (P-K with SCV ≠ 1 or ρ off).
    const off = agreement(runs.map((r) => r.meanSojournS), mg1ProcessorSharing(0.35 * 1.1, 2).meanSojournS);
    expect(off.agrees).toBe(false);
  });
});
