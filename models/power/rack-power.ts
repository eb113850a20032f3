/**
 * IT power of a rack as a function of how busy it is: idle + (peak − idle) × load, load in [0, 1].
 * Accelerators draw most of their peak whenever they run any batch (decode is memory-bound but
 * keeps HBM and SMs active), so load is the fraction of time the rack does any work.
 * `dynamicPowerFraction` is what a power limit leaves of the above-idle part while busy (1 unthrottled;
 * see throttle-curve.ts): a throttled rack draws idle + (peak − idle) × dynamicPowerFraction when busy.
 */
export function rackItPowerKw(idlePowerKw: number, peakPowerKw: number, load: number, dynamicPowerFraction = 1): number {
  const clamped = load < 0 ? 0 : load > 1 ? 1 : load;
  return idlePowerKw + (peakPowerKw - idlePowerKw) * clamped * dynamicPowerFraction;
}

/** Facility power drawn for an IT load: IT power × PUE (cooling, conversion losses). */
export function facilityPowerMw(itPowerKw: number, pue: number): number {
  return (itPowerKw * pue) / 1000;
}
