/**
 * The YAML side of a rules file: parse with positions, and find where a path
 * (as zod reports it, e.g. ["rules", 3, "offer", 1]) sits in the text.
 * Pure: takes text, returns data.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, isNode, type Document } from 'yaml';

export type Path = ReadonlyArray<PropertyKey>;

export interface Position {
  line: number;
  col: number;
}

export interface YamlSource {
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface YamlError {
  code: string;
  message: string;
  offset: number;
}

export function parseYaml(text: string): { source: YamlSource; errors: YamlError[]; warnings: YamlError[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: we print our own one-line form, not yaml's multi-line excerpt.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  const toError = (e: { code: string; message: string; pos: [number, number] }): YamlError => ({
    code: e.code,
    message: e.message,
    offset: e.pos[0],
  });
  return { source: { text, doc, lineCounter }, errors: doc.errors.map(toError), warnings: doc.warnings.map(toError) };
}

export function positionAt(source: YamlSource, offset: number): Position {
  const pos = source.lineCounter.linePos(Math.max(0, Math.min(offset, source.text.length)));
  return { line: pos.line, col: pos.col };
}

function keyMatches(key: unknown, segment: PropertyKey): boolean {
  const value = isScalar(key) ? key.value : key;
  return String(value) === String(segment);
}

/**
 * Offset of the node at `path`, or of the nearest existing ancestor when part of
 * the path is missing (a required field that was left out points at its parent).
 * With `key: true` the last segment's key is located instead of its value —
 * that is where an unknown field's name is written.
 */
export function offsetOf(source: YamlSource, path: Path, opts: { key?: boolean } = {}): number {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, segment));
      if (!pair) return offset;
      const keyStart = rangeStart(pair.key);
      if (last && opts.key && keyStart !== undefined) return keyStart;
      node = pair.value;
      // `mentions:` with nothing after it has no value node: point at the key.
      offset = rangeStart(node) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function rangeEnd(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[2] : undefined;
}

/** The path of the innermost map entry or list item containing `offset`; used to name where a syntax error is. */
export function pathAt(source: YamlSource, offset: number): PropertyKey[] {
  const path: PropertyKey[] = [];
  let node: unknown = source.doc.contents;
  for (let depth = 0; depth < 20; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const start = rangeStart(p.key);
        const end = rangeEnd(p.value) ?? rangeEnd(p.key);
        return start !== undefined && end !== undefined && start <= offset && offset <= end;
      });
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const start = rangeStart(item);
        const end = rangeEnd(item);
        return start !== undefined && end !== undefined && start <= offset && offset <= end;
      });
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return path;
}
