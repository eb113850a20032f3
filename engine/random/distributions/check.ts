// Parameter checks shared by the factories. Messages name the distribution and the parameter:
// `lognormal: sigma must be > 0, got -1`.

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

export function requireFinite(distribution: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${distribution}: ${name} must be a finite number, got ${shown(value)}`);
  }
}

export function requirePositive(distribution: string, name: string, value: number): void {
  requireFinite(distribution, name, value);
  if (!(value > 0)) throw new RangeError(`${distribution}: ${name} must be > 0, got ${shown(value)}`);
}

export function requireNonNegative(distribution: string, name: string, value: number): void {
  requireFinite(distribution, name, value);
  if (!(value >= 0)) throw new RangeError(`${distribution}: ${name} must be ≥ 0, got ${shown(value)}`);
}

/** `value` must exceed `bound` (another parameter, named `boundName` in the message). */
export function requireGreater(
  distribution: string,
  name: string,
  value: number,
  boundName: string,
  bound: number,
): void {
  requireFinite(distribution, name, value);
  if (!(value > bound)) {
    throw new RangeError(
      `${distribution}: ${name} must be > ${boundName} (${shown(bound)}), got ${shown(value)}`,
    );
  }
}

/** A probability in [0, 1], or in (0, 1] when `zeroAllowed` is false. */
export function requireProbability(
  distribution: string,
  name: string,
  value: number,
  zeroAllowed: boolean,
): void {
  requireFinite(distribution, name, value);
  const ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value <= 1;
  if (!ok) {
    const range = zeroAllowed ? '[0, 1]' : '(0, 1]';
    throw new RangeError(`${distribution}: ${name} must be in ${range}, got ${shown(value)}`);
  }
}

/** A non-empty list of finite numbers. */
export function requireFiniteList(distribution: string, name: string, values: ArrayLike<number>): void {
  if (values == null || typeof values.length !== 'number' || values.length === 0) {
    throw new RangeError(`${distribution}: ${name} must be a non-empty list of numbers`);
  }
  for (let i = 0; i < values.length; i++) requireFinite(distribution, `${name}[${i}]`, values[i]);
}
