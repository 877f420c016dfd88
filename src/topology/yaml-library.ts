import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';
import type * as Yaml from 'yaml';

/**
 * The two YAML libraries, loaded when the first YAML text is read, not when
 * this folder is imported. Every command that reads a recording imports the
 * topology loader, for a schema 1-3 recording's starting configuration
 * (store/legacy-start.ts), and almost never calls it: loading the two
 * libraries was 190M of the 1,790M instructions `hoplab state` ran on a
 * storm's recording (cachegrind, whole process), a sixth of what it runs past
 * `hoplab --version`. Both ship CommonJS for Node, which `require` loads
 * synchronously, as the loader's callers need.
 */
const require = createRequire(import.meta.url);
let yaml: typeof Yaml | undefined;
let jsYaml: typeof JsYaml | undefined;

/** The yaml library (eemeli/yaml): its documents, nodes and LineCounter. */
export function yamlLibrary(): typeof Yaml {
  yaml ??= require('yaml') as typeof Yaml;
  return yaml;
}

/** js-yaml, whose event parser composeFromEvents reads (yaml-events.ts). */
export function jsYamlLibrary(): typeof JsYaml {
  jsYaml ??= require('js-yaml') as typeof JsYaml;
  return jsYaml;
}

/** The yaml library's isMap, loading it at the first call. */
export function isMap<K = unknown, V = unknown>(node: unknown): node is Yaml.YAMLMap<K, V> {
  return yamlLibrary().isMap(node);
}

/** The yaml library's isSeq, loading it at the first call. */
export function isSeq<T = unknown>(node: unknown): node is Yaml.YAMLSeq<T> {
  return yamlLibrary().isSeq(node);
}

/** The yaml library's isScalar, loading it at the first call. */
export function isScalar<T = unknown>(node: unknown): node is Yaml.Scalar<T> {
  return yamlLibrary().isScalar(node);
}
