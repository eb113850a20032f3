import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { ReplicationTables } from './replication-task.js';
import { listReplicationFiles, readReplicationFile, REPLICATIONS_DIR } from './replication-store.js';
import { shortHash } from './scenario-hash.js';
import { MANIFEST_PATTERN, readShardManifest, type ShardManifest } from './shard-manifest.js';
import { formatShard } from './shard.js';

export interface MergedShards {
  /** the first shard's manifest (all agree on the run) */
  manifest: ShardManifest;
  /** every replication of the run, in order */
  replications: ReplicationTables[];
  /** the shards found, with their folders */
  shards: { manifest: ShardManifest; dir: string }[];
}

/**
 * Gathers the outputs of `run --shard` from one or more folders (each a shard's --out, or a folder
 * several shards wrote to) and checks that they belong to the same run and hold every replication
 * exactly once. Every problem is an InputError naming the folder or file.
 */
export async function gatherShards(dirs: readonly string[]): Promise<MergedShards> {
  const folders = await replicationFolders(dirs);
  const shards: { manifest: ShardManifest; dir: string }[] = [];
  for (const dir of folders) {
    for (const name of (await readdir(dir)).filter((n) => MANIFEST_PATTERN.test(n)).sort()) {
      shards.push({ manifest: await readShardManifest(join(dir, name)), dir });
    }
  }
  if (shards.length === 0) {
    throw new InputError(`no shard manifest (shard-<i>-of-<n>.json) in ${folders.join(', ')}: merge the --out folders of \`tokenfactory run --shard\``);
  }
  const [first] = shards;
  for (const other of shards.slice(1)) {
    if (other.manifest.scenarioHash !== first.manifest.scenarioHash) {
      throw new InputError(
        `${other.dir}: shard ${formatShard(other.manifest.shard)} is from a different run than shard ${formatShard(first.manifest.shard)} in ${first.dir} ` +
          `(scenario "${other.manifest.scenario}", hash ${shortHash(other.manifest.scenarioHash)} vs "${first.manifest.scenario}", hash ` +
          `${shortHash(first.manifest.scenarioHash)}): merge only shards run with the same scenario file, flags and tokenfactory version`,
      );
    }
  }
  const total = first.manifest.replications;

  const files = new Map<number, string>();
  for (const dir of folders) {
    for (const [replication, path] of await listReplicationFiles(dir)) {
      if (replication >= total) {
        throw new InputError(`${path}: replication ${replication} is not part of this run (replications 0 to ${total - 1})`);
      }
      const seen = files.get(replication);
      if (seen) throw new InputError(`replication ${replication} is in two folders (${seen} and ${path}): give each shard's folder once`);
      files.set(replication, path);
    }
  }
  const missing = Array.from({ length: total }, (_, r) => r).filter((r) => !files.has(r));
  if (missing.length > 0) throw new InputError(missingMessage(missing, total, shards));

  const replications: ReplicationTables[] = [];
  for (let r = 0; r < total; r++) {
    const saved = await readReplicationFile(files.get(r)!);
    if (saved.scenarioHash !== first.manifest.scenarioHash) {
      throw new InputError(
        `${files.get(r)}: replication of a different run (scenario "${saved.scenario}", hash ${shortHash(saved.scenarioHash)}; ` +
          `the shards': "${first.manifest.scenario}", hash ${shortHash(first.manifest.scenarioHash)})`,
      );
    }
    replications.push(saved.tables);
  }
  return { manifest: first.manifest, replications, shards };
}

/** Each argument's replications folder (`<dir>/replications`, or the folder itself), each once. */
async function replicationFolders(dirs: readonly string[]): Promise<string[]> {
  const folders: string[] = [];
  const seen = new Set<string>();
  for (const given of dirs) {
    const dir = resolve(given);
    if (!(await isDirectory(dir))) throw new InputError(`${given}: not found or not a folder`);
    const nested = join(dir, REPLICATIONS_DIR);
    const folder = await realpath((await isDirectory(nested)) ? nested : dir);
    if (!seen.has(folder)) {
      seen.add(folder);
      folders.push(folder);
    }
  }
  return folders;
}

function missingMessage(missing: number[], total: number, shards: { manifest: ShardManifest; dir: string }[]): string {
  const list = missing.length <= 10 ? missing.join(', ') : `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more`;
  const owners = new Map<string, { label: string; dir: string }>();
  let orphans = false;
  for (const r of missing) {
    const owner = shards.find((s) => r % s.manifest.shard.count === s.manifest.shard.index);
    if (owner) owners.set(owner.dir + formatShard(owner.manifest.shard), { label: formatShard(owner.manifest.shard), dir: owner.dir });
    else orphans = true;
  }
  const hints = [...owners.values()].map((o) => `shard ${o.label} in ${o.dir} did not finish (run it again with --shard ${o.label} --resume)`);
  if (orphans) hints.push(`no shard given owes ${owners.size > 0 ? 'the others' : 'them'} (is a shard folder missing from the command?)`);
  return `missing replication${missing.length > 1 ? 's' : ''} ${list} of ${total}: ${hints.join('; ')}`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
