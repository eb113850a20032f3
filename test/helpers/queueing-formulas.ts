/**
 * Closed forms of classical queues, the yardstick of the validation tests. Rates are per second,
 * times in seconds; ρ must be < 1 (per server) for the delay systems.
 */

function checkStable(rho: number): void {
  if (!(rho >= 0 && rho < 1)) throw new RangeError(`the queue must be stable (0 ≤ ρ < 1), got ρ = ${rho}`);
}

/** M/M/1 with arrival rate λ and service rate μ. */
export function mm1(arrivalRate: number, serviceRate: number) {
  const rho = arrivalRate / serviceRate;
  checkStable(rho);
  return {
    rho,
    /** E[Wq] = ρ / (μ − λ) */
    meanWaitS: rho / (serviceRate - arrivalRate),
    /** E[T] = 1 / (μ − λ) */
    meanSojournS: 1 / (serviceRate - arrivalRate),
    /** L = ρ / (1 − ρ) */
    meanNumberInSystem: rho / (1 - rho),
  };
}

/**
 * Erlang B blocking probability of M/M/c/c with offered load a = λ/μ erlangs, by the stable recursion
 * B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)) (no factorials or powers to overflow).
 */
export function erlangB(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 0) throw new RangeError(`servers must be an integer ≥ 0, got ${servers}`);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/** Erlang C: probability that an arrival to M/M/c waits, C = c·B / (c − a·(1 − B)), a < c. */
export function erlangC(servers: number, offeredLoad: number): number {
  checkStable(offeredLoad / servers);
  const b = erlangB(servers, offeredLoad);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

/** M/M/c: waiting probability and E[Wq] = C / (cμ − λ). */
export function mmc(servers: number, arrivalRate: number, serviceRate: number) {
  const offeredLoad = arrivalRate / serviceRate;
  const waitProbability = erlangC(servers, offeredLoad);
  const meanWaitS = waitProbability / (servers * serviceRate - arrivalRate);
  return { rho: offeredLoad / servers, waitProbability, meanWaitS, meanSojournS: meanWaitS + 1 / serviceRate };
}

/** M/G/1 FIFO, Pollaczek–Khinchine: E[Wq] = λ·E[S²] / (2(1 − ρ)). */
export function mg1(arrivalRate: number, meanServiceS: number, secondMomentServiceS2: number) {
  const rho = arrivalRate * meanServiceS;
  checkStable(rho);
  const meanWaitS = (arrivalRate * secondMomentServiceS2) / (2 * (1 - rho));
  return { rho, meanWaitS, meanSojournS: meanWaitS + meanServiceS };
}

/** M/G/1 processor sharing: E[T] = E[S] / (1 − ρ), whatever the service distribution. */
export function mg1ProcessorSharing(arrivalRate: number, meanServiceS: number) {
  const rho = arrivalRate * meanServiceS;
  checkStable(rho);
  return { rho, meanSojournS: meanServiceS / (1 - rho) };
}
