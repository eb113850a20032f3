import { describe, expect, it } from 'vitest';
import { parseShard, shardFromEnvironment, shardReplications } from '../../../experiments/run/shard.js';

describe('--shard i/n', () => {
  it('parses i/n and auto', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard('auto')).toBe('auto');
  });

  it.each(['3/2', '2/2', '0/0', '1', '-1/2', 'a/b', '1/2/3', ''])('rejects %j', (value) => {
    expect(() => parseShard(value)).toThrow(/shard|expected/);
  });

  it('splits replications r mod n = i: every replication in exactly one shard', () => {
    expect(shardReplications({ index: 1, count: 3 }, 8)).toEqual([1, 4, 7]);
    expect(shardReplications({ index: 5, count: 6 }, 4)).toEqual([]);
    for (const count of [1, 2, 3, 7]) {
      const all = Array.from({ length: count }, (_, index) => shardReplications({ index, count }, 10)).flat();
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, r) => r));
    }
  });
});

describe('--shard auto', () => {
  it('reads Slurm job arrays, with the first id at SLURM_ARRAY_TASK_MIN and an optional step', () => {
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 2, count: 4 });
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 7, count: 8 });
    expect(
      shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '20', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '10' }),
    ).toEqual({ index: 2, count: 4 });
    // a list (--array=1,3,9) is not a range: refused rather than guessed
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1' })).toThrow(/--array=0-7/);
  });

  it('reads Kubernetes Indexed Jobs and AWS Batch array jobs, with TOKENFACTORY_SHARD_COUNT', () => {
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '3', TOKENFACTORY_SHARD_COUNT: '5' })).toEqual({ index: 3, count: 5 });
    expect(shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '0', TOKENFACTORY_SHARD_COUNT: '2' })).toEqual({ index: 0, count: 2 });
    expect(shardFromEnvironment({ TOKENFACTORY_SHARD_INDEX: '1', TOKENFACTORY_SHARD_COUNT: '2' })).toEqual({ index: 1, count: 2 });
  });

  it('says clearly what is missing or wrong', () => {
    expect(() => shardFromEnvironment({})).toThrow(/^--shard auto: no array-job index in the environment/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '3' })).toThrow(/JOB_COMPLETION_INDEX is set .* but TOKENFACTORY_SHARD_COUNT is not/);
    expect(() => shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '3' })).toThrow(/TOKENFACTORY_SHARD_COUNT is not/);
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3' })).toThrow(/TOKENFACTORY_SHARD_COUNT is not/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '5', TOKENFACTORY_SHARD_COUNT: '5' })).toThrow(/index 5, not below the shard count 5/);
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: 'x', TOKENFACTORY_SHARD_COUNT: '5' })).toThrow(/must be an integer/);
  });
});
