#!/bin/sh
# ns-3 (Debian libns3-dev 3.37) broadcast storm on a four-switch full mesh, pcap of
# every device on or off: the peer `npm run bench` runs beside `hoplab run`
# (src/bench/ns3-peer.ts does the same as this script). Copied from the peer
# anchor the figures of issue 21 were measured with.
# Needs: apt-get install -y libns3-dev g++ pkg-config (not libgsl-dev)
# Usage: STOP=0.4 PCAP=1 bench/ns3/run.sh  -> one RESULT {...} JSON line (frame_tx_per_s, run_s, ...)
set -e
here=$(cd "$(dirname "$0")" && pwd)
work=${NS3_WORK:-${TMPDIR:-/tmp}/hoplab-ns3}
mkdir -p "$work" && cd "$work"
# The ns-3 libraries by name, not pkg-config --libs: Debian's .pc files also name
# libgsl.so, which only libgsl-dev installs; the ns-3 libraries carry their own
# dependencies.
[ -x storm ] || g++ -O2 -std=c++17 -o storm "$here/storm.cc" $(pkg-config --cflags ns3-core ns3-network ns3-csma ns3-bridge) \
  -lns3-core -lns3-network -lns3-csma -lns3-bridge -lns3-internet -lns3-applications
rm -rf pcap && mkdir -p pcap
./storm --topo=mesh --switches=4 --hosts=1 --stop=${STOP:-0.4} --pcap=${PCAP:-1}
rm -rf pcap
