#!/bin/bash
# Issue 17's many-core figures on a lent machine (packed by bench/device/pack.mjs; results under $OUT).
# About 4 minutes on 16 cores: scaling of 1M × 36 months cold on 1–16 workers, the peers single
# thread, 10M × 12 months on 2 and 16 workers, the machine's own ceiling (N concurrent C processes,
# the tuned peer's threads), and the pool kept warm on 16 workers.
cd "$(dirname "$0")"
python3 -c "import lzma,shutil; shutil.copyfileobj(lzma.open('node.xz'), open('node','wb'))" && chmod +x node || exit 1
export PATH="$PWD:$PATH"
{ date -u; nproc; lscpu | grep -E 'Model name|^CPU\(s\)|Thread|Socket|cache'; ./node --version; uptime; } 2>&1 | tee $OUT/machine.txt
timeout 170 ./node --expose-gc bench.mjs --scaling --cards 1000000 --months 36 --workers 1,2,4,8,12,16 --out $OUT/scaling-1m.json
timeout 110 ./node bench.mjs --peers --peers-dir peers --peer-cards 100000 --rounds 3 --out $OUT/peers.json
timeout 110 ./node --expose-gc bench.mjs --scaling --cards 10000000 --months 12 --workers 2,16 --out $OUT/scaling-10m.json
if gcc -O2 -o fc peers/fleet.c -lm; then
  for n in 1 2 4 8 16; do
    s=$(date +%s.%N); for k in $(seq $n); do ./fc 300000 36 42 1 cardouter > /dev/null & done; wait; e=$(date +%s.%N)
    echo "C x$n concurrent: $(python3 -c "print(f'{$e-$s:.2f} s wall, {($n*300000*1080)/($e-$s)/1e6:.0f} M card-days/s')")"
  done 2>&1 | tee $OUT/ceiling.log
fi
timeout 100 ./node bench.mjs --warm --workers 16 --cards 1000000 --months 12 --runs 3 --out $OUT/warm16.json
uptime
