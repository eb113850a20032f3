/** A readable unit for a simulated time axis: seconds for short runs, up to days for long ones. */
export interface TimeAxisUnit {
  label: 's' | 'min' | 'h' | 'd';
  seconds: number;
}

const UNITS: TimeAxisUnit[] = [
  { label: 'd', seconds: 86_400 },
  { label: 'h', seconds: 3_600 },
  { label: 'min', seconds: 60 },
];

/** The largest unit of which the span holds at least two. */
export function timeAxisUnit(spanS: number): TimeAxisUnit {
  return UNITS.find((u) => spanS >= 2 * u.seconds) ?? { label: 's', seconds: 1 };
}
