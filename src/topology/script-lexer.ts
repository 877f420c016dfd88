/**
 * The shell front end's reading of a script (SPEC §2): one command per line,
 * words split as a POSIX shell splits them for these simple commands (blanks,
 * single and double quotes, backslash), `#` at the start of a word begins a
 * comment, a trailing backslash continues the line. What needs a real shell
 * (pipes, redirections, `;`, `&&`, variables) is kept aside so the line can
 * say so instead of running half of it; a trailing `&` alone marks the line
 * to run in the background.
 */
export interface ScriptLine {
  /** 1-based line number of the command's first line in the file. */
  line: number;
  /** The command as written (continuations joined), for the command event and messages. */
  text: string;
  words: string[];
  /** Set when the line uses shell syntax hoplab does not interpret (the offending operator). */
  shellSyntax?: string;
  /** Set when the file ends inside this line's quote (the quote character): bash's syntax error. */
  unterminatedQuote?: string;
  /** The line ends with `&`: bash runs it in the background and goes on to the next line at once. */
  background?: boolean;
}

const OPERATORS = new Set(['|', '||', '&', '&&', ';', '>', '>>', '<', '2>', '2>&1', '&>', '$(', '`']);

/** Splits a script into its command lines; blank and comment-only lines are left out. */
export function readScript(source: string): ScriptLine[] {
  const physical = source.split(/\r?\n/);
  const lines: ScriptLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const first = i + 1;
    let text = physical[i]!;
    if (first === 1 && text.startsWith('#!')) continue;
    // A quote runs on across lines, as bash reads it; a backslash at the end of a line joins the next.
    let quote = openQuoteAfter(text, undefined);
    for (;;) {
      if (i + 1 >= physical.length) break;
      if (quote !== undefined) text = `${text}\n${physical[++i]!}`;
      else if (/(^|[^\\])(\\\\)*\\$/.test(text)) text = `${text.slice(0, -1)} ${physical[++i]!}`;
      else break;
      quote = openQuoteAfter(physical[i]!, quote);
    }
    const { words, shellSyntax, background } = splitWords(text);
    if (words.length === 0 && quote === undefined) continue;
    lines.push({
      line: first,
      text: stripComment(text).trim(),
      words,
      ...(shellSyntax !== undefined && { shellSyntax }),
      ...(background && { background }),
      ...(quote !== undefined && { unterminatedQuote: quote }),
    });
  }
  return lines;
}

/** The words of one line, the first shell operator outside quotes, if any, and whether a lone `&` ends it. */
export function splitWords(text: string): { words: string[]; shellSyntax?: string; background?: boolean } {
  const words: string[] = [];
  let word: string | undefined;
  let shellSyntax: string | undefined;
  let i = 0;
  const push = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      push();
      i++;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      word = (word ?? '') + text.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        else if (text[j] === '$' || text[j] === '`') shellSyntax ??= text[j] === '$' ? '$' : '`';
        s += text[j++];
      }
      word = (word ?? '') + s;
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else {
      const op = operatorAt(text, i);
      if (op !== undefined && (word === undefined || op !== '2>')) {
        // `CMD &` with nothing after it but a comment: a background job, not syntax left aside.
        if (op === '&' && shellSyntax === undefined && endsAfter(text, i + 1)) {
          push();
          return { words, background: true };
        }
        shellSyntax ??= op;
        push();
        i += op.length;
        continue;
      }
      if (c === '$') shellSyntax ??= '$';
      word = (word ?? '') + c;
      i++;
    }
  }
  push();
  return shellSyntax === undefined ? { words } : { words, shellSyntax };
}

/** Whether nothing but blanks and a comment follows `from`. */
function endsAfter(text: string, from: number): boolean {
  return /^[ \t]*(#.*)?$/s.test(text.slice(from));
}

function operatorAt(text: string, i: number): string | undefined {
  for (const len of [4, 3, 2, 1]) {
    const s = text.slice(i, i + len);
    if (OPERATORS.has(s)) return s;
  }
  return undefined;
}

/** The line without a trailing `# comment` (a `#` that starts a word outside quotes). */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) return text.slice(0, i);
  }
  return text;
}

/**
 * The quote still open at the end of one physical line, given the quote open
 * at its start: the same reading as splitWords (a `#` at a word's start ends
 * the line outside quotes; a backslash escapes outside quotes and, before a
 * quote, a backslash, `$` or a backquote, inside double quotes), line by line,
 * so that a quote over many lines costs linear time.
 */
function openQuoteAfter(line: string, open: string | undefined): string | undefined {
  let quote = open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (quote === '"') {
      if (c === '\\' && '"\\$`'.includes(line[i + 1] ?? '')) i++;
      else if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /[ \t;&|<>()]/.test(line[i - 1]!))) return undefined;
  }
  return quote;
}
