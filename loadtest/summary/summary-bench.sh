#!/usr/bin/env bash
# The ticker's cost with many unfinished jobs: starts 3 nodes from the jar on 127.0.0.1, measures
# their CPU over an idle window, creates N pending jobs, measures the same window again (the
# difference is what the summary, snapshots and watchdogs cost each second), and times
# GET /queue/summary (one aggregation over all members).
#   loadtest/summary/summary-bench.sh verticles/target/jobwatch.jar [N=100000] [WINDOW=20]
set -euo pipefail
JAR=$1; N=${2:-100000}; WINDOW=${3:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
PW=summary-bench-pw
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
HP=(); CP=(); PIDS=()
for i in 0 1 2; do HP+=("$(free_port)"); CP+=("$(free_port)"); done
MEMBERS="127.0.0.1:${CP[0]},127.0.0.1:${CP[1]},127.0.0.1:${CP[2]}"
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
for i in 0 1 2; do
  JOBWATCH_HTTP_PORT=${HP[$i]} JOBWATCH_CLUSTER_PORT=${CP[$i]} JOBWATCH_CLUSTER_MEMBERS=$MEMBERS \
  JOBWATCH_CLUSTER_NAME=summary-bench-$$ JOBWATCH_ADMIN_PASSWORD=$PW JOBWATCH_PASSWORD_ITERATIONS=1000 \
  JOBWATCH_JWT_SECRET=summary-bench-secret-0123456789-0123456789 java -Xmx1g -jar "$JAR" > "/tmp/summary-bench-node$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 0 1 2; do until curl -sf "127.0.0.1:${HP[$i]}/api/v1/ready" >/dev/null; do sleep 0.5; done; done
cpu() { local t=0; for p in "${PIDS[@]}"; do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
window() { local a b; a=$(cpu); sleep "$WINDOW"; b=$(cpu); echo "scale=3; ($b - $a) / $(getconf CLK_TCK) / $WINDOW" | bc; }
sleep 5
IDLE=$(window)
node "$HERE/create-jobs.mjs" "http://127.0.0.1:${HP[0]}" "$PW" "$N"
sleep 5
LOADED=$(window)
TOKEN=$(curl -s -XPOST "127.0.0.1:${HP[1]}/api/v1/login" -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
TIMES=$(for i in $(seq 1 10); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "127.0.0.1:${HP[1]}/api/v1/queue/summary"; done | sort -n | tr '\n' ' ')
echo "{\"jobs\": $N, \"cpuCoresIdleCluster\": $IDLE, \"cpuCoresWithJobs\": $LOADED, \"summaryGetSecondsSorted\": \"$TIMES\"}"
