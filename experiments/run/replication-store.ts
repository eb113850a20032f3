import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../output/atomic-file.js';
import { parseExact, stringifyExact } from '../output/exact-json.js';
import { InputError } from '../errors.js';
import type { ReplicationTables } from './replication-task.js';
import { shortHash } from './scenario-hash.js';

/** Where a run saves each replication as it finishes: `<out>/replications/rep-000007.json`. */
export const REPLICATIONS_DIR = 'replications';

const FORMAT = 'tokenfactory-replication';
const FORMAT_VERSION = 1;
const FILE_PATTERN = /^rep-(\d{6,})\.json$/;
/** a temporary file of a replication whose write was cut short (atomic writes rename only when complete) */
const TEMPORARY_PATTERN = /^rep-\d{6,}\.json\.tmp-/;

/** A saved replication: its tables and what identifies the run it belongs to. */
export interface SavedReplication {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  scenario: string;
  scenarioHash: string;
  replication: number;
  seed: string | number;
  tables: ReplicationTables;
}

export function replicationFileName(replication: number): string {
  return `rep-${String(replication).padStart(6, '0')}.json`;
}

/** The replication files in a folder, by replication index (an absent folder holds none). */
export async function listReplicationFiles(dir: string): Promise<Map<number, string>> {
  const files = new Map<number, string>();
  for (const name of await readdirOrEmpty(dir)) {
    const match = FILE_PATTERN.exec(name);
    if (match) files.set(Number(match[1]), join(dir, name));
  }
  return files;
}

/** Reads and checks one replication file; a damaged or foreign file is an InputError naming it. */
export async function readReplicationFile(path: string): Promise<SavedReplication> {
  let saved: Partial<SavedReplication>;
  try {
    saved = parseExact(await readFile(path, 'utf8')) as Partial<SavedReplication>;
  } catch (error) {
    throw new InputError(`${path}: not a readable replication file (${(error as Error).message}); delete it to run that replication again`);
  }
  const expected = Number(FILE_PATTERN.exec(basename(path))?.[1]);
  if (
    saved?.format !== FORMAT ||
    saved.formatVersion !== FORMAT_VERSION ||
    typeof saved.scenarioHash !== 'string' ||
    saved.replication !== expected ||
    saved.tables?.replication !== expected
  ) {
    throw new InputError(`${path}: not a replication file of this version of tokenfactory; delete it to run that replication again`);
  }
  return saved as SavedReplication;
}

/**
 * The replications of one run saved under `<out>/replications/`, each written atomically the moment
 * it finishes, so an interrupted or failed run keeps every completed replication.
 */
export class ReplicationStore {
  readonly dir: string;
  private created = false;

  constructor(
    outDir: string,
    private readonly run: { scenario: string; scenarioHash: string; seed: string | number },
  ) {
    this.dir = join(outDir, REPLICATIONS_DIR);
  }

  async save(tables: ReplicationTables): Promise<void> {
    if (!this.created) {
      await mkdir(this.dir, { recursive: true });
      this.created = true;
    }
    const saved: SavedReplication = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      scenario: this.run.scenario,
      scenarioHash: this.run.scenarioHash,
      replication: tables.replication,
      seed: this.run.seed,
      tables,
    };
    await writeFileAtomic(join(this.dir, replicationFileName(tables.replication)), `${stringifyExact(saved)}\n`);
  }

  /** Which of `replications` are saved here already. */
  async savedAmong(replications: readonly number[]): Promise<Map<number, string>> {
    const files = await listReplicationFiles(this.dir);
    return new Map(replications.filter((r) => files.has(r)).map((r) => [r, files.get(r)!]));
  }

  /** Loads saved replications for a resume, refusing any saved by a different run. */
  async load(files: ReadonlyMap<number, string>): Promise<ReplicationTables[]> {
    const tables: ReplicationTables[] = [];
    for (const path of files.values()) {
      const saved = await readReplicationFile(path);
      if (saved.scenarioHash !== this.run.scenarioHash) {
        throw new InputError(
          `--resume: ${path} was saved by a different run (scenario "${saved.scenario}", hash ${shortHash(saved.scenarioHash)}; ` +
            `this run: scenario "${this.run.scenario}", hash ${shortHash(this.run.scenarioHash)}): resume with the same scenario file, ` +
            'flags and tokenfactory version, or use another --out',
        );
      }
      tables.push(saved.tables);
    }
    return tables;
  }

  /** Deletes the saved replications (once the run's outputs are written), and the folder if it is left empty. */
  async remove(replications: readonly number[]): Promise<void> {
    const mine = new Set(replications.map(replicationFileName));
    for (const name of await readdirOrEmpty(this.dir)) {
      if (mine.has(name) || (TEMPORARY_PATTERN.test(name) && mine.has(name.slice(0, name.indexOf('.tmp-'))))) {
        await rm(join(this.dir, name), { force: true });
      }
    }
    try {
      await rmdir(this.dir);
    } catch {
      // not empty (shard manifests or other runs' files): leave it
    }
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
