// hoplab's ns-3 companion for `npm run bench` (issue 21, item 4): the peer
// anchor the ns-3 figures were measured with, copied unchanged below
// this note. src/bench/ns3-peer.ts builds it with g++ and pkg-config ns3-* (Debian's
// libns3-dev 3.37) into a temporary directory and runs it as
// `storm --topo=mesh --switches=4 --hosts=1 --stop=0.4 --pcap=1`, beside
// `hoplab run` on the bench's four-switch full-mesh storm. run.sh does the same by hand.
//
// ns-3 peer anchor: broadcast storm over bridged CSMA segments with loops (no STP).
//  --topo=ring : S CSMA segments (shared buses) joined in a ring by S BridgeNetDevice switches
//                (switch i bridges segment i and segment i+1); H hosts per segment.  A single
//                broadcast circulates forever in both directions (2 copies, no multiplication).
//  --topo=mesh : S switches in a full mesh, one 2-device CSMA link per switch pair, H hosts on
//                switch 0.  Each flood multiplies by (S-2): a classic saturating broadcast storm.
// One host sends ONE 64-byte broadcast frame (ethertype 0x0806) at t=1ms via NetDevice::Send.
// Counts: Simulator::GetEventCount(), and CsmaNetDevice trace sources on every device.
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/csma-module.h"
#include "ns3/bridge-module.h"
#include "ns3/internet-module.h"
#include "ns3/applications-module.h"
#include <chrono>
#include <cstdio>
#include <sys/resource.h>

using namespace ns3;

static uint64_t cTxBegin = 0, cRxEnd = 0, cMacTx = 0, cMacTxDrop = 0, cPhyTxDrop = 0, cPhyRxDrop = 0, cBackoff = 0;
static void TxBegin(Ptr<const Packet>) { cTxBegin++; }
static void RxEnd(Ptr<const Packet>) { cRxEnd++; }
static void MacTx(Ptr<const Packet>) { cMacTx++; }
static void MacTxDrop(Ptr<const Packet>) { cMacTxDrop++; }
static void PhyTxDrop(Ptr<const Packet>) { cPhyTxDrop++; }
static void PhyRxDrop(Ptr<const Packet>) { cPhyRxDrop++; }
static void OnBackoff(Ptr<const Packet>) { cBackoff++; }

static void SendOne(Ptr<NetDevice> dev, uint32_t payload)
{
  dev->Send(Create<Packet>(payload), Mac48Address::GetBroadcast(), 0x0806);
}

int main(int argc, char* argv[])
{
  std::string topo = "mesh";
  uint32_t S = 4, H = 2, payload = 46;
  double stop = 0.2;
  bool pcap = false, count = true;
  std::string rate = "100Mbps", prefix = "pcap/storm";
  double delayNs = 500;
  CommandLine cmd;
  cmd.AddValue("topo", "ring|mesh", topo);
  cmd.AddValue("switches", "number of switches (= segments for ring)", S);
  cmd.AddValue("hosts", "hosts per segment (ring) / on switch 0 (mesh)", H);
  cmd.AddValue("stop", "simulated stop time (s)", stop);
  cmd.AddValue("pcap", "EnablePcapAll", pcap);
  cmd.AddValue("count", "attach counting trace sinks", count);
  cmd.AddValue("rate", "CSMA data rate", rate);
  cmd.AddValue("delayNs", "CSMA propagation delay (ns)", delayNs);
  cmd.AddValue("payload", "payload bytes (46 -> 64B frame)", payload);
  cmd.AddValue("prefix", "pcap prefix", prefix);
  cmd.Parse(argc, argv);

  auto w0 = std::chrono::steady_clock::now();
  CsmaHelper csma;
  csma.SetChannelAttribute("DataRate", StringValue(rate));
  csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(delayNs)));

  NodeContainer switches; switches.Create(S);
  std::vector<NetDeviceContainer> swPorts(S);
  NodeContainer hosts;
  NetDeviceContainer hostDevs;
  BridgeHelper bridge;

  if (topo == "ring") {
    // segment j has: switch j-1 (mod S), switch j, and H hosts
    for (uint32_t j = 0; j < S; j++) {
      NodeContainer seg;
      uint32_t a = (j + S - 1) % S, b = j;
      seg.Add(switches.Get(a)); seg.Add(switches.Get(b));
      NodeContainer hs; hs.Create(H); hosts.Add(hs); seg.Add(hs);
      NetDeviceContainer d = csma.Install(seg);
      swPorts[a].Add(d.Get(0)); swPorts[b].Add(d.Get(1));
      for (uint32_t k = 0; k < H; k++) hostDevs.Add(d.Get(2 + k));
    }
  } else {
    for (uint32_t a = 0; a < S; a++)
      for (uint32_t b = a + 1; b < S; b++) {
        NetDeviceContainer d = csma.Install(NodeContainer(switches.Get(a), switches.Get(b)));
        swPorts[a].Add(d.Get(0)); swPorts[b].Add(d.Get(1));
      }
    hosts.Create(H);
    for (uint32_t k = 0; k < H; k++) {
      NetDeviceContainer d = csma.Install(NodeContainer(hosts.Get(k), switches.Get(0)));
      hostDevs.Add(d.Get(0)); swPorts[0].Add(d.Get(1));
    }
  }
  for (uint32_t i = 0; i < S; i++) bridge.Install(switches.Get(i), swPorts[i]);

  if (count) {
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/PhyTxBegin", MakeCallback(&TxBegin));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/PhyRxEnd", MakeCallback(&RxEnd));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/MacTx", MakeCallback(&MacTx));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/MacTxDrop", MakeCallback(&MacTxDrop));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/PhyTxDrop", MakeCallback(&PhyTxDrop));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/PhyRxDrop", MakeCallback(&PhyRxDrop));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::CsmaNetDevice/MacTxBackoff", MakeCallback(&OnBackoff));
  }
  if (pcap) csma.EnablePcapAll(prefix, false);

  Simulator::Schedule(MilliSeconds(1), &SendOne, hostDevs.Get(0), payload);
  Simulator::Stop(Seconds(stop));
  auto w1 = std::chrono::steady_clock::now();
  Simulator::Run();
  auto w2 = std::chrono::steady_clock::now();
  uint64_t ev = Simulator::GetEventCount();
  Simulator::Destroy(); // flushes/closes pcap files
  auto w3 = std::chrono::steady_clock::now();

  double setup = std::chrono::duration<double>(w1 - w0).count();
  double run = std::chrono::duration<double>(w2 - w1).count();
  double destroy = std::chrono::duration<double>(w3 - w2).count();
  uint64_t hopEvents = cTxBegin + cRxEnd + cMacTxDrop + cPhyTxDrop + cPhyRxDrop;
  struct rusage ru; getrusage(RUSAGE_SELF, &ru);
  printf("RESULT {\"topo\":\"%s\",\"switches\":%u,\"hosts\":%u,\"stop_sim_s\":%g,\"pcap\":%d,\"count\":%d,"
         "\"setup_s\":%.4f,\"run_s\":%.4f,\"destroy_s\":%.4f,\"events\":%llu,\"events_per_s\":%.1f,"
         "\"tx_begin\":%llu,\"rx_end\":%llu,\"mac_tx\":%llu,\"mac_tx_drop\":%llu,\"phy_tx_drop\":%llu,\"phy_rx_drop\":%llu,\"backoff\":%llu,"
         "\"hop_events\":%llu,\"hop_events_per_s\":%.1f,\"frame_tx_per_s\":%.1f,\"hop_events_per_s_incl_destroy\":%.1f,\"maxrss_MB\":%.1f}\n",
         topo.c_str(), S, H, stop, pcap, count, setup, run, destroy, (unsigned long long)ev, ev / run,
         (unsigned long long)cTxBegin, (unsigned long long)cRxEnd, (unsigned long long)cMacTx, (unsigned long long)cMacTxDrop,
         (unsigned long long)cPhyTxDrop, (unsigned long long)cPhyRxDrop, (unsigned long long)cBackoff,
         (unsigned long long)hopEvents, hopEvents / run, cTxBegin / run, hopEvents / (run + destroy), ru.ru_maxrss / 1024.0);
  return 0;
}
