// Runs the tokenfactory CLI in this process (argv after this file's path are its arguments) and, as
// the process exits, writes {"maxRssKiB": …} to the file named by TOKENFACTORY_BENCH_RSS_FILE.
// getrusage's maxrss covers every thread of the process, so worker threads are included: it is the
// peak resident memory of the whole run as a user would see it.
import { writeFileSync } from 'node:fs';

const rssFile = process.env.TOKENFACTORY_BENCH_RSS_FILE;
process.on('exit', () => {
  if (rssFile) writeFileSync(rssFile, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
process.argv = [process.argv[0], 'tokenfactory', ...process.argv.slice(2)];
// The compiled CLI next to this compiled file (dist/bench/experiments → dist/experiments/cli).
// The CLI beside this file: dist/experiments/cli/main.js when compiled, the .ts source under tsx.
const compiled = import.meta.url.endsWith('.js');
await import(new URL(`../../experiments/cli/main.${compiled ? 'js' : 'ts'}`, import.meta.url).href);
