import { QuantileEstimator } from '../../engine/stats/quantiles.js';
import { tokenRevenueUsd } from '../economics/costs.js';
import type { TierSpec } from '../catalog/types.js';
import type { LlmRequest } from '../serving/request.js';

/**
 * What happened to one tier's requests in the measurement window [warmupS, endS] of one replication,
 * in simulated (slice) units. Conservation holds exactly:
 *   inFlightAtWarmup + arrived = served + rejected + abandoned + inFlightAtEnd.
 * `served` counts completions in the window whatever their arrival time, so in steady state the
 * served rate equals the arrival rate and revenue is not biased by requests cut off at the end.
 */
export class TierMetrics {
  arrived = 0;
  rejected = 0;
  /** of the rejected: refused by the power controller (oversubscribed factories) */
  rejectedForPower = 0;
  abandoned = 0;
  served = 0;
  sloMet = 0;
  inputTokens = 0;
  outputTokens = 0;
  grossRevenueUsd = 0;
  goodputRevenueUsd = 0;
  inFlightAtWarmup = 0;
  inFlightAtEnd = 0;
  /** requests in the system now: accepted and neither served nor abandoned */
  inSystem = 0;
  readonly ttftS = new QuantileEstimator();
  readonly tpotS = new QuantileEstimator();
  /** gross revenue per time-series interval */
  readonly revenueByIntervalUsd: number[] = [];
  readonly outputTokensByInterval: number[] = [];

  private measuring = false;
  private readonly tpotTargetS: number;

  constructor(
    private readonly tier: TierSpec,
    private readonly intervalS: number,
    private readonly warmupS: number,
  ) {
    this.tpotTargetS = 1 / tier.interactivityTokPerS;
  }

  /** Opens the window: from now on arrivals, completions and losses count. */
  startMeasuring(): void {
    this.measuring = true;
    this.inFlightAtWarmup = this.inSystem;
  }

  /** Closes the window (once; later calls keep the first close). */
  stopMeasuring(): void {
    if (!this.measuring) return;
    this.measuring = false;
    this.inFlightAtEnd = this.inSystem;
  }

  recordArrival(): void {
    if (this.measuring) this.arrived++;
  }

  recordAccepted(): void {
    this.inSystem++;
  }

  recordRejected(forPower: boolean): void {
    if (!this.measuring) return;
    this.rejected++;
    if (forPower) this.rejectedForPower++;
  }

  recordAbandoned(): void {
    this.inSystem--;
    if (this.measuring) this.abandoned++;
  }

  /**
   * A request finished (its completionS is set). No float passes through a call here: V8 boxes a
   * double argument or result of a call it does not inline, an allocation per request.
   */
  recordServed(request: LlmRequest): void {
    this.inSystem--;
    if (!this.measuring) return;
    this.served++;
    const completionS = request.completionS;
    const ttft = request.firstTokenS - request.arrivalS;
    // timePerOutputTokenS, written out
    const decodeTokens = request.outputTokens - 1;
    const tpot = decodeTokens > 0 ? (completionS - request.firstTokenS) / decodeTokens : 0;
    this.ttftS.add(ttft);
    if (decodeTokens > 0) this.tpotS.add(tpot);
    this.inputTokens += request.promptTokens;
    this.outputTokens += request.outputTokens;
    const revenue =
      tokenRevenueUsd(request.outputTokens, this.tier.priceUsdPerMTokOut) + tokenRevenueUsd(request.promptTokens, this.tier.priceUsdPerMTokIn);
    this.grossRevenueUsd += revenue;
    // Small tolerance: a request decoding exactly at the target speed meets it.
    const met = ttft <= this.tier.ttftTargetS && tpot <= this.tpotTargetS * (1 + 1e-9);
    if (met) {
      this.sloMet++;
      this.goodputRevenueUsd += revenue;
    }
    const interval = Math.floor((completionS - this.warmupS) / this.intervalS);
    while (this.revenueByIntervalUsd.length <= interval) {
      this.revenueByIntervalUsd.push(0);
      this.outputTokensByInterval.push(0);
    }
    this.revenueByIntervalUsd[interval] += revenue;
    this.outputTokensByInterval[interval] += request.outputTokens;
  }
}
