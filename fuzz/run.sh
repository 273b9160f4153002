#!/bin/sh
# Fuzz the model loaders for MINUTES minutes (default 10): fuzz/run.sh 10
# Crashes land in fuzz/crashes/ (input .bin + traceback .txt); the run goes on after each one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
minutes=${1:-10}
python=${PYTHON:-python}
export PYTHONPATH="$here/../src:$here${PYTHONPATH:+:$PYTHONPATH}"
export FUZZ_SECONDS=$((minutes * 60))
exec "$python" "$here/fuzz_load.py" -max_total_time=$((minutes * 60)) -max_len=8192 -timeout=30 \
    -rss_limit_mb=4096 -print_final_stats=1
