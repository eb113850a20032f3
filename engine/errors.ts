/** An error in how the engine was used (bad time, bad priority): the caller's input is wrong. */
export class SimulationUsageError extends Error {
  override name = 'SimulationUsageError';
}
