import { isMap, isPair, isScalar, isSeq, LineCounter, Node, Document } from 'yaml';
import type { ConfigPath } from '@periskop/common';

/**
 * Finds the line of a path in a parsed YAML document, so an error can say where it is.
 * For a path that does not exist (a missing key) it answers with its deepest existing parent.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  lineOf(path: ConfigPath): number | null {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node);
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        // Point at the key itself: that is where an unknown or bad key is written.
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
        if (!(isMap(node) || isSeq(node))) offset = rangeStart(pair.key) ?? offset;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
        node = node.items[part];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    return offset === null || offset === undefined ? null : this.lines.linePos(offset).line;
  }
}

function rangeStart(node: unknown): number | null {
  const range = (node as Node | null)?.range;
  return range ? range[0] : null;
}
