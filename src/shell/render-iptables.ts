/**
 * `iptables [-t TABLE] -L [-n]` for a namespace's untouched netfilter tables
 * (iptables 1.8 print_header): every built-in chain, empty, policy ACCEPT.
 * The header keeps its column padding, trailing spaces included.
 */
export const IPTABLES_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

const HEADER = `${'target'.padEnd(10)} prot opt ${'source'.padEnd(20)} ${'destination'.padEnd(20)}`;

export function renderIptables(table: string, chain?: string): string[] {
  const lines: string[] = [];
  for (const c of IPTABLES_CHAINS[table] ?? []) {
    if (chain !== undefined && c !== chain) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`Chain ${c} (policy ACCEPT)`, HEADER);
  }
  return lines;
}
