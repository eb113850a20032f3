import { InputError } from '../errors.js';

/** Shard `index` of `count` runs the replications r with r mod count = index (0-based). */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard i/n`, or `auto` to read the index and count from an array job's environment. */
export type ShardRequest = Shard | 'auto';

/** Parses the value of `--shard`; the error message says what is wrong (the caller names the flag). */
export function parseShard(value: string): ShardRequest {
  if (value === 'auto') return 'auto';
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`expected i/n with 0 ≤ i < n (e.g. 0/4) or "auto", got "${value}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new Error(`the shard count must be ≥ 1, got "${value}"`);
  if (index >= count) throw new Error(`the shard index must be below the count (0 to ${count - 1} for ${count} shards), got "${value}"`);
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The replications of a shard, in order. */
export function shardReplications(shard: Shard, total: number): number[] {
  const replications: number[] = [];
  for (let r = shard.index; r < total; r += shard.count) replications.push(r);
  return replications;
}

/** The variable that gives the shard count where the scheduler does not (Kubernetes, AWS Batch). */
export const SHARD_COUNT_VARIABLE = 'TOKENFACTORY_SHARD_COUNT';

/**
 * `--shard auto`: the shard of this array-job task, from the scheduler's variables, first found of
 *  - Slurm job arrays: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT; ids may start at an offset
 *    (`--array=1-8`) or step (`--array=0-30:10`), so the index is (id − SLURM_ARRAY_TASK_MIN) / step;
 *  - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX, with TOKENFACTORY_SHARD_COUNT = the completions;
 *  - AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX, with TOKENFACTORY_SHARD_COUNT = the array size;
 *  - anything else: TOKENFACTORY_SHARD_INDEX and TOKENFACTORY_SHARD_COUNT.
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv): Shard {
  const where = '--shard auto';
  const integer = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text.trim())) throw new InputError(`${where}: ${name} must be an integer ≥ 0, got "${text}"`);
    return Number(text.trim());
  };
  const countFor = (indexVariable: string, scheduler: string, what: string): number => {
    const count = integer(SHARD_COUNT_VARIABLE);
    if (count === undefined) {
      throw new InputError(`${where}: ${indexVariable} is set (${scheduler}) but ${SHARD_COUNT_VARIABLE} is not: set it to ${what}`);
    }
    if (count < 1) throw new InputError(`${where}: ${SHARD_COUNT_VARIABLE} must be ≥ 1, got ${count}`);
    return count;
  };
  const checked = (index: number, count: number, source: string): Shard => {
    if (index >= count) throw new InputError(`${where}: ${source} gives shard index ${index}, not below the shard count ${count}`);
    return { index, count };
  };

  const slurmId = integer('SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const count = integer('SLURM_ARRAY_TASK_COUNT') ?? countFor('SLURM_ARRAY_TASK_ID', 'Slurm, without SLURM_ARRAY_TASK_COUNT', 'the array size');
    const min = integer('SLURM_ARRAY_TASK_MIN') ?? 0;
    const step = Math.max(1, integer('SLURM_ARRAY_TASK_STEP') ?? 1);
    const offset = slurmId - min;
    if (offset < 0 || offset % step !== 0 || offset / step >= count) {
      throw new InputError(
        `${where}: Slurm array task ${slurmId} is not one of ${count} tasks from ${min} in steps of ${step}: ` +
          'use a range such as --array=0-7 (or pass --shard i/n)',
      );
    }
    return { index: offset / step, count };
  }
  const k8sIndex = integer('JOB_COMPLETION_INDEX');
  if (k8sIndex !== undefined) {
    return checked(k8sIndex, countFor('JOB_COMPLETION_INDEX', 'Kubernetes Indexed Job', "the Job's completions"), 'JOB_COMPLETION_INDEX');
  }
  const awsIndex = integer('AWS_BATCH_JOB_ARRAY_INDEX');
  if (awsIndex !== undefined) {
    return checked(awsIndex, countFor('AWS_BATCH_JOB_ARRAY_INDEX', 'AWS Batch array job', 'the array size'), 'AWS_BATCH_JOB_ARRAY_INDEX');
  }
  const index = integer('TOKENFACTORY_SHARD_INDEX');
  if (index !== undefined) {
    return checked(index, countFor('TOKENFACTORY_SHARD_INDEX', 'generic', 'the number of shards'), 'TOKENFACTORY_SHARD_INDEX');
  }
  throw new InputError(
    `${where}: no array-job index in the environment (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX ` +
      'or TOKENFACTORY_SHARD_INDEX): run it as an array job, or pass --shard i/n',
  );
}
