import { InvalidArgumentError } from 'commander';

/** Flag value parsers for commander: a bad value becomes one line naming the flag. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be an integer ≥ 1, got "${value}"`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`must be a number > 0, got "${value}"`);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`must be a number ≥ 0, got "${value}"`);
  return n;
}

export function fractionInUnitInterval(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(`must be a number in (0, 1], got "${value}"`);
  return n;
}

/** A seed is any non-empty string; digits-only seeds become numbers so `--seed 7` equals `"seed": 7`. */
export function seed(value: string): string | number {
  if (value.length === 0) throw new InvalidArgumentError('must not be empty');
  return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}
