import type { ValidationIssue } from '../validation/zod-issues.js';

/**
 * One problem found in catalog data: where it is (`racks.gb200-nvl72.idlePowerKw`; empty when the
 * problem has no location) and what is wrong (`must be ≤ peakPowerKw (134.64), got 200`).
 */
export type CatalogIssue = ValidationIssue;

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
