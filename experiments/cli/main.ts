import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { isInputError, EXIT_BAD_INPUT } from '../errors.js';
import { scenarioFileSchema } from '../scenario/scenario-schema.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory } from '../../models/factory/plan.js';
import { loadScenario } from '../scenario/load-scenario.js';
import {
  fractionInUnitInterval,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
  seed,
} from './option-parsers.js';
import { RunStoppedError } from '../run/run-errors.js';
import { compareCommand } from './compare-command.js';
import { mergeCommand } from './merge-command.js';
import { reportCommand } from './report-command.js';
import { optimizeCommand } from './optimize-command.js';
import { runCommand, shardOption } from './run-command.js';
import { mergeSweepCommand, sweepCommand } from './sweep-command.js';
import { findSweepShardFiles } from '../sweep/sweep-shards.js';
import { packageVersion } from './version.js';
import { durationNote, formatCount, preflight } from '../run/resource-estimate.js';

const program = new Command()
  .name('tokenfactory')
  .description('Discrete-event simulator of AI factories: priced tiers, racks, a megawatt cap, revenue.')
  .version(packageVersion())
  .exitOverride()
  // One line per mistake: commander's "(Did you mean …?)" suggestion joins the error's line.
  .configureOutput({
    writeErr: (text) => process.stderr.write(text.startsWith('error:') ? `tokenfactory: ${text.trimEnd().replace(/\n\(Did you mean/g, ' (did you mean')}\n` : text),
  });

program
  .command('run')
  .description('run a scenario: every replication, then CSVs, charts and an HTML report under --out')
  .argument('<scenario>', 'scenario JSON file (see docs/scenarios.md)')
  .option('-o, --out <dir>', 'output folder', 'results/<scenario name>')
  .addOption(new Option('-r, --replications <n>', 'replications (default: the scenario\'s)').argParser(positiveInteger))
  .addOption(new Option('-s, --seed <seed>', 'base seed (default: the scenario\'s)').argParser(seed))
  .addOption(new Option('-t, --threads <n>', 'worker threads (default: the number of cores)').argParser(positiveInteger))
  .addOption(new Option('-d, --duration <seconds>', 'simulated seconds per replication (default: the scenario\'s)').argParser(positiveNumber))
  .addOption(new Option('-w, --warmup <seconds>', 'warm-up seconds left out of the statistics (default: the scenario\'s)').argParser(nonNegativeNumber))
  .addOption(new Option('-f, --sample-fraction <f>', 'fraction of the factory simulated, results scaled back (default: the scenario\'s)').argParser(fractionInUnitInterval))
  .option('--no-charts', 'skip the charts and the HTML report (default: charts and report are written)')
  .option('-q, --quiet', 'no progress and no summary table', false)
  .option('--resume', 'finish an interrupted run: keep the replications saved in --out, run only the missing ones', false)
  .addOption(
    new Option('--shard <i/n|auto>', 'run only replications r with r mod n = i (0-based), saved for `merge`; "auto" reads Slurm, Kubernetes or AWS Batch array variables, see docs/cluster.md (default: all replications, no shard)')
      .argParser(shardOption),
  )
  .option('--keep-going', 'when a replication fails, run the others anyway, then list the failures', false)
  .action(async (scenarioPath: string, opts) => {
    await runCommand(scenarioPath, {
      out: opts.out === 'results/<scenario name>' ? undefined : opts.out,
      replications: opts.replications,
      seed: opts.seed,
      threads: opts.threads,
      durationS: opts.duration,
      warmupS: opts.warmup,
      sampleFraction: opts.sampleFraction,
      charts: opts.charts,
      quiet: opts.quiet,
      resume: opts.resume,
      shard: opts.shard,
      keepGoing: opts.keepGoing,
    });
  });

program
  .command('merge')
  .description('combine the folders written by `run --shard` (or `sweep --shard`) into exactly the files one `run` (or `sweep`) would have written')
  .argument('<dirs...>', 'the shards\' --out folders (or one folder they all wrote to)')
  .requiredOption('-o, --out <dir>', 'output folder for the merged files (required)')
  .option('--no-charts', 'skip the charts and the HTML report (default: charts and report are written)')
  .option('-q, --quiet', 'no summary table', false)
  .action(async (dirs: string[], opts) => {
    // folders of `sweep --shard` hold sweep-shard-<i>-of-<n>.json; those of `run --shard`, replications
    if ((await findSweepShardFiles(dirs)).length > 0) await mergeSweepCommand(dirs, { out: opts.out, charts: opts.charts, quiet: opts.quiet });
    else await mergeCommand(dirs, { out: opts.out, charts: opts.charts, quiet: opts.quiet });
  });

program
  .command('compare')
  .description('run variants of a scenario (policies, hardware, power splits) with common random numbers; paired differences, a ranking and a chart under --out')
  .argument('<compare>', 'compare JSON file (see docs/compare.md)')
  .option('-o, --out <dir>', 'output folder', 'results/<compare name>')
  .addOption(new Option('-r, --replications <n>', 'replications of every variant (default: the scenario\'s)').argParser(positiveInteger))
  .addOption(new Option('-s, --seed <seed>', 'base seed shared by every variant (default: the scenario\'s)').argParser(seed))
  .addOption(new Option('-t, --threads <n>', 'worker threads (default: the number of cores)').argParser(positiveInteger))
  .addOption(new Option('-d, --duration <seconds>', 'simulated seconds per replication (default: the scenario\'s)').argParser(positiveNumber))
  .addOption(new Option('-w, --warmup <seconds>', 'warm-up seconds left out of the statistics (default: the scenario\'s)').argParser(nonNegativeNumber))
  .option('-m, --metric <metric>', 'rank by this metric, e.g. goodputRevenue or revenue[premium] (default: the file\'s, else margin)')
  .option('--no-charts', 'skip policy-comparison.svg/.png (default: the chart is written)')
  .option('-q, --quiet', 'no progress and no ranking table', false)
  .action(async (comparePath: string, opts) => {
    await compareCommand(comparePath, {
      out: opts.out === 'results/<compare name>' ? undefined : opts.out,
      replications: opts.replications,
      seed: opts.seed,
      threads: opts.threads,
      durationS: opts.duration,
      warmupS: opts.warmup,
      metric: opts.metric,
      charts: opts.charts,
      quiet: opts.quiet,
    });
  });

program
  .command('sweep')
  .description('vary scenario parameters (grid, one-at-a-time, Latin hypercube) with common random numbers; sweep.csv, a sensitivity ranking and a tornado chart under --out')
  .argument('<sweep>', 'sweep JSON file (see docs/sweep.md)')
  .option('-o, --out <dir>', 'output folder', 'results/<sweep name>')
  .addOption(new Option('-r, --replications <n>', 'replications per point (default: the sweep file\'s, else the scenario\'s)').argParser(positiveInteger))
  .addOption(new Option('-s, --seed <seed>', 'base seed shared by every point (default: the sweep file\'s, else the scenario\'s)').argParser(seed))
  .addOption(new Option('-t, --threads <n>', 'worker threads (default: the number of cores)').argParser(positiveInteger))
  .addOption(new Option('-d, --duration <seconds>', 'simulated seconds per replication (default: the scenario\'s)').argParser(positiveNumber))
  .option('--no-charts', 'skip tornado.svg/.png or sensitivity.svg/.png (default: the chart is written)')
  .option('-q, --quiet', 'no progress and no ranking table', false)
  .addOption(
    new Option('--shard <i/n|auto>', 'run only points p with p mod n = i (0-based), saved for `merge`; "auto" reads Slurm, Kubernetes or AWS Batch array variables (default: every point)')
      .argParser(shardOption),
  )
  .action(async (sweepPath: string, opts) => {
    await sweepCommand(sweepPath, {
      out: opts.out === 'results/<sweep name>' ? undefined : opts.out,
      replications: opts.replications,
      seed: opts.seed,
      threads: opts.threads,
      durationS: opts.duration,
      charts: opts.charts,
      quiet: opts.quiet,
      shard: opts.shard,
    });
  });

program
  .command('optimize')
  .description('search hardware mixes and power splits for the best margin: the fluid model ranks every candidate, the simulation confirms the top ones with CIs')
  .argument('<optimize>', 'optimize JSON file (see docs/compare.md)')
  .option('-o, --out <dir>', 'output folder', 'results/<optimize name>')
  .addOption(new Option('-k, --top <K>', 'candidates confirmed by simulation (default: the file\'s, else 5)').argParser(positiveInteger))
  .addOption(new Option('-r, --replications <n>', 'replications of every confirmed candidate (default: the scenario\'s)').argParser(positiveInteger))
  .addOption(new Option('-s, --seed <seed>', 'base seed shared by every candidate (default: the scenario\'s)').argParser(seed))
  .addOption(new Option('-t, --threads <n>', 'worker threads (default: the number of cores)').argParser(positiveInteger))
  .addOption(new Option('-d, --duration <seconds>', 'simulated seconds per replication (default: the scenario\'s)').argParser(positiveNumber))
  .addOption(new Option('-w, --warmup <seconds>', 'warm-up seconds left out of the statistics (default: the scenario\'s)').argParser(nonNegativeNumber))
  .option('--no-charts', 'skip policy-comparison.svg/.png (default: the chart is written)')
  .option('-q, --quiet', 'no progress and no ranking table', false)
  .action(async (optimizePath: string, opts) => {
    await optimizeCommand(optimizePath, {
      out: opts.out === 'results/<optimize name>' ? undefined : opts.out,
      top: opts.top,
      replications: opts.replications,
      seed: opts.seed,
      threads: opts.threads,
      durationS: opts.duration,
      warmupS: opts.warmup,
      charts: opts.charts,
      quiet: opts.quiet,
    });
  });

program
  .command('report')
  .description('build the charts and report.html of a finished run from its CSVs (e.g. after run --no-charts)')
  .argument('<dir>', 'the --out folder of a finished run')
  .option('-q, --quiet', 'print nothing on success', false)
  .action(async (dir: string, opts) => {
    await reportCommand(dir, { quiet: opts.quiet });
  });

program
  .command('validate')
  .description('check a scenario file (and that its factory can be sized) without running it')
  .argument('<scenario>', 'scenario JSON file')
  .action(async (scenarioPath: string) => {
    const { file, scenario } = await loadScenario(scenarioPath, defaultCatalog());
    const plan = planFactory(scenario, defaultCatalog());
    // the same refusal `run` would give (memory, disk for results/<name>), before anything runs
    const estimate = await preflight(plan, file.simulation.replications, resolve(`results/${file.name}`));
    for (const t of plan.tiers) {
      process.stdout.write(
        `${t.tier.id}: ${t.decode.instancesFull} × ${t.decode.rack.id} instances (${t.decode.racks.toFixed(0)} racks), ` +
          `batch cap ${t.batchCap}, ${t.deliveredInteractivityTokPerS.toFixed(0)} tok/s per user, ` +
          `${t.peakFacilityMw.toFixed(1)} MW at peak\n`,
      );
    }
    process.stdout.write(
      `~${formatCount(estimate.simulatedRequestsPerReplication)} simulated requests per replication, ${estimate.simulatedInstances} simulated instance${estimate.simulatedInstances === 1 ? '' : 's'}\n`,
    );
    const note = durationNote(estimate);
    if (note) process.stdout.write(`${note}\n`);
    process.stdout.write(`ok: ${plan.peakFacilityMw.toFixed(1)} MW at peak of a ${scenario.factory.powerCapMw} MW cap\n`);
  });

program
  .command('schema')
  .description('print the JSON Schema of scenario files (for editor completion and checking)')
  .action(() => {
    process.stdout.write(`${JSON.stringify(z.toJSONSchema(scenarioFileSchema, { io: 'input' }), null, 2)}\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has already printed its one-line message (or the help / version text)
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else if (error instanceof RunStoppedError) {
    // interrupted (130, 143) or replications failed (1): the message says what was kept and how to go on
    process.stderr.write(`tokenfactory: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (isInputError(error)) {
    process.stderr.write(`tokenfactory: ${error.message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
  } else {
    const e = error as Error;
    process.stderr.write(`tokenfactory: internal error: ${e?.message ?? String(error)}\n`);
    if (process.env.TOKENFACTORY_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    else process.stderr.write('(set TOKENFACTORY_DEBUG=1 for the stack trace, and please report it)\n');
    process.exitCode = 1;
  }
}
