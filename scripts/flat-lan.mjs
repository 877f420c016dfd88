// node scripts/flat-lan.mjs N > flat-N.yaml: N hosts on one switch, each pinging another once (issue 21).
const n = Number(process.argv[2]);
const addr = (i) => `10.${1 + Math.floor(i / 250)}.${(i % 250) + 1}.1`;
const out = [`name: flat-${n}`, 'seed: 1', 'nodes:', '  sw: { kind: switch }'];
for (let i = 0; i < n; i++) out.push(`  h${i}: { kind: host, interfaces: { eth0: { ip: ${addr(i)}/8 } } }`);
out.push('links:');
for (let i = 0; i < n; i++) out.push(`  - [h${i}:eth0, sw:p${i}]`);
out.push('scenario:');
for (let i = 0; i < n; i++) {
  const peer = (i * 7919 + 1) % n;
  out.push(`  - { at: ${i}ms, on: h${i}, run: ping -c 1 ${addr(peer === i ? (i + 1) % n : peer)} }`);
}
out.push('limits: { until: 600s, maxEvents: 100000000 }');
console.log(out.join('\n'));
