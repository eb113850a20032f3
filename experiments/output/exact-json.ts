/**
 * JSON that gives back exactly the numbers it was given. Plain JSON already round-trips every finite
 * double (shortest representation), but turns -0 into 0 and NaN or ±Infinity into null; saved
 * replications must reproduce a run bit for bit, so those few values are written as {"$num": "-0"}.
 */
const MARK = '$num';

function encode(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { [MARK]: Object.is(value, -0) ? '-0' : String(value) };
  }
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === MARK) return Number((value as Record<string, string>)[MARK]);
  }
  return value;
}

export function stringifyExact(value: unknown, indent?: number): string {
  return JSON.stringify(value, encode, indent);
}

export function parseExact(text: string): unknown {
  return JSON.parse(text, decode);
}
