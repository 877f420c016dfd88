import { describe, expect, it } from 'vitest';
import { readScript, splitWords } from '../../src/topology/script-lexer.js';

describe('reading a script', () => {
  it('runs a line ending with a lone & in the background', () => {
    expect(splitWords('tcpdump -n -i veth0 &  # watch')).toEqual({ words: ['tcpdump', '-n', '-i', 'veth0'], background: true });
    expect(splitWords('tcpdump -i veth0&')).toEqual({ words: ['tcpdump', '-i', 'veth0'], background: true });
    expect(splitWords("echo 'a &'")).toEqual({ words: ['echo', 'a &'] });
    expect(readScript('ip netns exec a tcpdump -i v0 &\n')[0]).toMatchObject({ text: 'ip netns exec a tcpdump -i v0 &', background: true });
  });

  it('keeps command lines with their numbers and drops comments and blank lines', () => {
    const lines = readScript('#!/bin/sh\n# a comment\n\nsudo ip netns add netns1   # trailing comment\n  ip link list\n');
    expect(lines.map((l) => [l.line, l.text, l.words])).toEqual([
      [4, 'sudo ip netns add netns1', ['sudo', 'ip', 'netns', 'add', 'netns1']],
      [5, 'ip link list', ['ip', 'link', 'list']],
    ]);
  });

  it('splits words as a shell does: quotes, backslashes, a # inside a word', () => {
    expect(splitWords(`echo 'a b' "c d" e\\ f g#h`).words).toEqual(['echo', 'a b', 'c d', 'e f', 'g#h']);
  });

  it('joins a line continued with a backslash, numbered by its first line', () => {
    const [line] = readScript('ip link add veth0 \\\n  type veth peer name veth1\n');
    expect(line!.line).toBe(1);
    expect(line!.words).toEqual(['ip', 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
  });

  it('notes the shell syntax it does not interpret instead of running half a line', () => {
    expect(splitWords('ip link | grep veth').shellSyntax).toBe('|');
    expect(splitWords('tcpdump -i veth0 & ping -c 1 10.0.0.2').shellSyntax).toBe('&');
    expect(splitWords('ip netns add a && ip netns add b').shellSyntax).toBe('&&');
    expect(splitWords('ping -c 1 $TARGET').shellSyntax).toBe('$');
    expect(splitWords("echo '$HOME | x'").shellSyntax).toBeUndefined();
  });
});
