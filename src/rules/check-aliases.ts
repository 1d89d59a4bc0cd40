// YAML aliases that would make reading a file never end or exhaust memory: an alias bomb (aliases of
// aliases, each copying its anchor's whole value: a few hundred bytes become millions of values), an
// alias inside its own anchor (a value that contains itself), an alias with no anchor, a merge (`<<`) of
// something that is not a map. Found on the parsed document, before any value is built.
import { isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Node } from 'yaml';

/** Values aliases may add to one file: far above what shared settings need, far below a bomb. */
const maxAliasedValues = 100_000;

export interface AliasProblem {
  /** Offset in the YAML text of the alias at fault. */
  offset: number;
  message: string;
}

/**
 * The first alias problem of `doc` in document order, or undefined. `lineOf` turns an offset into the
 * line number shown to the admin (the anchor's line is named in some messages).
 */
export function checkAliases(doc: Document, lineOf: (offset: number) => number): AliasProblem | undefined {
  const anchors = new Map<string, Node>();
  /** Number of values each anchored node stands for, aliases expanded. */
  const sizes = new Map<Node, number>();
  /** Anchored nodes being walked: an alias to one of them is inside its own anchor. */
  const open = new Set<Node>();
  let added = 0;
  let problem: AliasProblem | undefined;
  const fail = (alias: Alias, message: string) => {
    problem ??= { offset: alias.range?.[0] ?? 0, message };
    return 0;
  };

  const walkAlias = (alias: Alias): number => {
    const target = anchors.get(alias.source);
    if (!target) {
      return fail(
        alias,
        `unknown alias *${alias.source}: no anchor &${alias.source} before it in this file; define it above (key: &${alias.source} value) or fix the name`,
      );
    }
    if (open.has(target)) {
      return fail(
        alias,
        `the alias *${alias.source} is inside its own anchor &${alias.source} (line ${lineOf(target.range?.[0] ?? 0)}), so its value would contain itself without end; alias an anchor defined before it, outside it`,
      );
    }
    const size = sizes.get(target) ?? 1;
    added += size;
    if (added > maxAliasedValues) {
      return fail(
        alias,
        `aliases would make this file more than ${maxAliasedValues} values long (each *alias copies the whole value of its anchor, and this one adds ${size}); refused as an alias bomb: write the values out, or alias small values only`,
      );
    }
    return size;
  };

  /** `<<: *defaults` (or a list of them) must bring maps. */
  const checkMerge = (value: unknown) => {
    for (const item of isSeq(value) ? value.items : [value]) {
      if (!isAlias(item)) continue;
      const target = anchors.get(item.source);
      if (target && !isMap(target)) {
        fail(
          item,
          `\`<<: *${item.source}\` merges a map into this one, and &${item.source} (line ${lineOf(target.range?.[0] ?? 0)}) is not a map; alias a map, or give the value a key of its own (key: *${item.source})`,
        );
      }
    }
  };

  const walk = (node: unknown): number => {
    if (problem || node === null || node === undefined) return 0;
    if (isAlias(node)) return walkAlias(node);
    if (isPair(node)) {
      const keySize = walk(node.key);
      // With `merge: true` the key `<<` is read as a merge, its value a symbol.
      if (isScalar(node.key) && node.key.source === '<<') checkMerge(node.value);
      return keySize + walk(node.value);
    }
    if (!isNode(node)) return 1;
    const anchor = 'anchor' in node && typeof node.anchor === 'string' ? node.anchor : undefined;
    if (anchor) {
      anchors.set(anchor, node);
      open.add(node);
    }
    let size = 1;
    if (isMap(node) || isSeq(node)) for (const item of node.items) size += walk(item);
    if (anchor) {
      sizes.set(node, size);
      open.delete(node);
    }
    return size;
  };

  walk(doc.contents);
  return problem;
}
