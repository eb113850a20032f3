/** One problem found in catalog data: where it is and what is wrong. */
export interface CatalogIssue {
  /** dotted path such as `racks.gb200-nvl72.idlePowerKw`; empty when the problem has no location */
  path: string;
  /** what is wrong, e.g. `must be ≤ peakPowerKw (134.64), got 200` */
  detail: string;
}

/**
 * Invalid catalog data or an unknown id. The message is one line, `path: detail`, fit to show a user
 * as is; `issues` holds every problem found, the first of which is in the message.
 */
export class CatalogError extends Error {
  override name = 'CatalogError';
  readonly path: string;
  readonly detail: string;
  readonly issues: readonly CatalogIssue[];

  constructor(issues: CatalogIssue | readonly CatalogIssue[]) {
    const all = Array.isArray(issues) ? (issues as readonly CatalogIssue[]) : [issues as CatalogIssue];
    if (all.length === 0) throw new RangeError('CatalogError needs at least one issue');
    const first = all[0]!;
    const more = all.length > 1 ? ` (and ${all.length - 1} more ${all.length === 2 ? 'problem' : 'problems'})` : '';
    super(`${first.path ? `${first.path}: ` : ''}${first.detail}${more}`);
    this.path = first.path;
    this.detail = first.detail;
    this.issues = all;
  }
}
