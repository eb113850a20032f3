/**
 * Progress on stderr (stdout stays for data): a line rewritten in place on a terminal, plain lines
 * otherwise (CI logs, Slurm output files), each with elapsed time and an ETA.
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const startMs = Date.now();
  const interactive = stream.isTTY === true;
  return (done, total) => {
    const elapsedS = (Date.now() - startMs) / 1000;
    const etaS = done > 0 ? (elapsedS / done) * (total - done) : NaN;
    const eta = Number.isFinite(etaS) && done < total ? `, ETA ${etaS.toFixed(0)} s` : '';
    const line = `${label}: ${done}/${total} replications (${elapsedS.toFixed(1)} s${eta})`;
    if (interactive) stream.write(`\r${line}${done === total ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}
