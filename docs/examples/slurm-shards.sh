#!/bin/bash
# Score one checkpoint on XTREME-R, clean and under two profiles, in 8 Slurm array jobs, then
# merge the 8 stores into one. Submit from the checkout, with the harness installed:
#
#   mkdir -p logs
#   jobs=$(sbatch --parsable docs/examples/slurm-shards.sh)
#   sbatch --dependency=afterok:"$jobs" --output=logs/merge.out \
#       --wrap 'harness results merge results/all results/shard-*'
#
# Each job scores shard K of N (every cell of a (task, language) in one shard) into its own
# store, so jobs never write the same folder. A job that fails or is killed keeps the cells it
# finished; resubmitting that array index (sbatch --array=K ...) scores only the rest.
#SBATCH --job-name=xtreme-typo
#SBATCH --array=1-8
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=8
#SBATCH --time=06:00:00
#SBATCH --output=logs/%x-%A_%a.out
set -euo pipefail

CKPT=${CKPT:-checkpoints/stilts-xlmr}  # a save_pretrained folder, or a folder of <task>/ ones
DATA=${DATA:-xtreme/download}          # the official download/ layout (harness data pull)
LABELS=${LABELS:-xtreme/labels}        # and its labels/ folder
K=$SLURM_ARRAY_TASK_ID
N=$SLURM_ARRAY_TASK_COUNT

harness run --quiet --model "$CKPT" --data "$DATA" --labels "$LABELS" \
    --profile typo-10 --profile typo-40 \
    --shard "$K/$N" --results "results/shard-$K" --json "results/shard-$K.json"
