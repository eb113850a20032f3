#!/bin/bash
# One tokenfactory shard per Slurm array task (see docs/cluster.md).
#
#   jobid=$(sbatch --parsable --array=0-15 docs/examples/slurm-array.sh <scenario.json> <results folder>)
#   sbatch --dependency=afterok:$jobid --wrap "npx tokenfactory merge <results folder>/shard-* --out <results folder>"
#
# --shard auto takes the index and count from SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and
# SLURM_ARRAY_TASK_COUNT, so the array may start at 0 or 1. Every task must run the same scenario with
# the same flags. --resume makes a resubmitted task (sbatch --array=5 …) or a requeued one keep the
# replications it saved before its time limit or preemption.
#
#SBATCH --job-name=tokenfactory
#SBATCH --array=0-15
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=slurm-%x-%A_%a.out
# Optional: SIGINT 5 minutes before the time limit lets the running replications finish and be saved
# (the task then exits 130; resubmit it to finish). Without it, the time limit's SIGTERM abandons them.
##SBATCH --signal=INT@300

set -euo pipefail
scenario=${1:?usage: sbatch --array=0-N slurm-array.sh <scenario.json> <results folder>}
results=${2:?usage: sbatch --array=0-N slurm-array.sh <scenario.json> <results folder>}

# Run from the folder sbatch was called in: the tokenfactory checkout (after npm ci) or a project that
# depends on it. The bin is started directly (not through npx, a wrapper process) and exec'd, so node
# itself receives Slurm's signals and saves what it can.
cd "${SLURM_SUBMIT_DIR:-.}"
cli=node_modules/.bin/tokenfactory
[ -e "$cli" ] || cli=bin/tokenfactory.js
exec srun --ntasks=1 node "$(readlink -f "$cli")" run "$scenario" \
  --shard auto \
  --resume \
  --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$results/shard-${SLURM_ARRAY_TASK_ID}"
