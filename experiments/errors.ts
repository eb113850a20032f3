import { CatalogError } from '../models/catalog/errors.js';
import { AllocationError } from '../models/policies/allocation/index.js';
import { ServingConfigError } from '../models/performance/memory.js';
import { TraceError } from '../models/workload/trace.js';

/**
 * A problem with what the user gave us (a scenario, a flag, a file): reported as one line, exit code 2,
 * never a stack trace. The message names the field or flag and what is wrong with it.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** Exit code for bad input; 1 is kept for failures of the run itself. */
export const EXIT_BAD_INPUT = 2;

/** True for every error that means "the input is wrong" rather than "the program failed". */
export function isInputError(error: unknown): error is Error {
  return (
    error instanceof InputError ||
    error instanceof CatalogError ||
    error instanceof ServingConfigError ||
    error instanceof AllocationError ||
    error instanceof TraceError
  );
}
