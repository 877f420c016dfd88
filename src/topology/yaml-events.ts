import type { Event, ScalarEvent } from 'js-yaml';
import type { LineCounter, Scalar, ScalarTag, Node as YamlNode } from 'yaml';
import { isScalar, jsYamlLibrary, yamlLibrary } from './yaml-library.js';

/**
 * The yaml library's parseDocument first builds a concrete syntax tree, then
 * its nodes: 7 s for the 8 MB of a 50,000-node topology, most of a load that
 * should take seconds (issue 21). js-yaml's event parser reads the same text
 * in 0.6 s. composeFromEvents builds the yaml library's own nodes from those
 * events, with the start offsets (range[0]) and scalar values parseDocument
 * gives them, so the loader reads either alike and names the same file:line:col.
 *
 * What it does not model, it leaves to parseDocument by answering undefined:
 * a syntax error (parseDocument names it in its words), anchors, aliases,
 * tags, directives (the loader refuses %YAML 1.1 itself), block scalars,
 * tabs, a carriage return not before a line feed, document markers, indented
 * or not (but one `---` at the start), explicit keys (`? `), an empty source and
 * more than one document.
 */
export function composeFromEvents(text: string, lines: LineCounter): YamlNode | undefined {
  // The two parsers disagree about tabs around indentation and about a carriage return
  // alone (js-yaml takes either where the yaml library refuses it): such a text is read
  // the yaml library's way.
  if (text.includes('\t') || LONE_CR.test(text)) return undefined;
  // Nor do they agree on document markers other than one `---` at the start (js-yaml
  // passes over a `...` before any content, which the yaml library refuses), nor on one
  // indented (js-yaml takes ` ---` for a marker, the yaml library for a plain key that
  // spans lines, which it refuses).
  if (MARKER.test(text.startsWith('---') ? text.slice(3) : text)) return undefined;
  // Nor on where a mapping inside an explicit key (`? `) starts. A `?` with a space or a
  // line end after it, anywhere but inside a word, sends the text to the yaml library:
  // one in a quoted or plain scalar costs only the slower read.
  if (EXPLICIT_KEY.test(text)) return undefined;
  const { EVENT_ID, parseEvents } = jsYamlLibrary();
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  const documents = events.filter((e) => e.type === EVENT_ID.DOCUMENT);
  if (documents.length !== 1 || documents[0]!.directives.length > 0) return undefined;
  const root = new EventComposer(text, events).compose();
  if (root) countLines(text, lines);
  return root;
}

const LONE_CR = /\r(?!\n)/;
const MARKER = /^ *(?:---|\.\.\.)/m;
const EXPLICIT_KEY = /(?:^|[\s[{,])\?(?=[ \r\n]|$)/m;

/** The yaml library's Parser tells its LineCounter where each line starts: 0, then after every \n. */
function countLines(text: string, lines: LineCounter): void {
  lines.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) lines.addNewLine(nl + 1);
}

/** The yaml 1.2 core schema's tags, in the order its composer tries them on a plain scalar (made at the first). */
let plainTags: ScalarTag[] | undefined;

function corePlainTags(): ScalarTag[] {
  plainTags ??= new (yamlLibrary().Schema)({}).tags.filter(
    (tag): tag is ScalarTag => tag.default === true && !tag.collection && tag.test !== undefined,
  );
  return plainTags;
}

/** Thrown where the events hold something composeFromEvents leaves to parseDocument. */
class NotModelled extends Error {}

class EventComposer {
  private next = 0;
  private readonly yaml = yamlLibrary();
  private readonly ids = jsYamlLibrary().EVENT_ID;
  private readonly styles = jsYamlLibrary().SCALAR_STYLE;

  constructor(
    private readonly text: string,
    private readonly events: Event[],
  ) {}

  compose(): YamlNode | undefined {
    try {
      this.next = 1; // past the DOCUMENT event, checked by the caller
      if (this.events[this.next]?.type === this.ids.POP) return undefined; // an empty document
      return this.node();
    } catch (e) {
      if (e instanceof NotModelled) return undefined;
      throw e;
    }
  }

  private node(): YamlNode {
    const e = this.events[this.next++]!;
    if (e.type === this.ids.SCALAR) return this.scalar(e);
    if (e.type !== this.ids.MAPPING && e.type !== this.ids.SEQUENCE) throw new NotModelled();
    if (e.anchorStart !== -1 || e.tagStart !== -1) throw new NotModelled();
    const collection = e.type === this.ids.MAPPING ? new this.yaml.YAMLMap() : new this.yaml.YAMLSeq();
    collection.range = [e.start, e.start, e.start];
    while (this.events[this.next]?.type !== this.ids.POP) {
      if (this.yaml.isMap(collection)) {
        const key = this.node();
        collection.items.push(new this.yaml.Pair(key, this.isEmptyScalar() ? this.emptyValue(key) : this.node()));
      } else collection.items.push(this.node());
    }
    this.next++;
    return collection;
  }

  private isEmptyScalar(): boolean {
    const e = this.events[this.next]!;
    return e.type === this.ids.SCALAR && e.valueStart === -1;
  }

  /**
   * A mapping's value left out (`key:`) is null, and compose-node.js's
   * emptyScalarPosition places it just past the colon and the spaces after it.
   */
  private emptyValue(key: YamlNode): Scalar {
    const e = this.events[this.next++] as ScalarEvent;
    if (e.anchorStart !== -1 || e.tagStart !== -1 || !isScalar(key) || !key.range) throw new NotModelled();
    const quoted = this.text[key.range[0]] === '"' || this.text[key.range[0]] === "'";
    let at = key.range[1] + (quoted ? 1 : 0);
    while (this.text[at] === ' ' || this.text[at] === '\t') at++;
    if (this.text[at] !== ':') throw new NotModelled();
    at++;
    while (this.text[at] === ' ' || this.text[at] === '\t') at++;
    const scalar = resolvePlain('');
    scalar.range = [at, at, at];
    return scalar;
  }

  /**
   * A scalar as compose-scalar.js makes it: a quoted one is text and starts
   * at its quote; a plain one takes the first core tag whose test matches it.
   */
  private scalar(e: ScalarEvent): Scalar {
    if (e.anchorStart !== -1 || e.tagStart !== -1) throw new NotModelled();
    if (e.valueStart === -1) throw new NotModelled(); // an empty key, or an empty item of a sequence
    const text = jsYamlLibrary().getScalarValue(this.text, e);
    let scalar: Scalar;
    let start = e.valueStart;
    if (e.style === this.styles.PLAIN) scalar = resolvePlain(text);
    else if (e.style === this.styles.SINGLE_QUOTED || e.style === this.styles.DOUBLE_QUOTED) {
      scalar = new this.yaml.Scalar(text);
      start -= 1;
    } else throw new NotModelled();
    scalar.range = [start, e.valueEnd, e.valueEnd];
    return scalar;
  }
}

function resolvePlain(text: string): Scalar {
  const { Scalar } = yamlLibrary();
  const tag = corePlainTags().find((t) => t.test!.test(text));
  if (!tag) return new Scalar(text);
  const value = tag.resolve(text, notModelled, { intAsBigInt: false });
  return isScalar(value) ? value : new Scalar(value);
}

/** A tag's resolve() that reports an error leaves the scalar to parseDocument, which reports it. */
function notModelled(): never {
  throw new NotModelled();
}
