// The `when` of routing rules and SLA policies: checked key by key by src/conditions/.
import { checkCondition } from '../../conditions/check-condition.ts';
import type { Finding } from '../finding.ts';
import { unknownReference } from '../finding.ts';
import type { Known } from '../known.ts';
import type { Condition, PolicyCondition } from '../types.ts';
import type { PathSegment } from '../yaml-source.ts';

/** The checks of the condition keys (src/conditions/), reported in `file`. */
export function checkWhen(
  out: Finding[],
  file: string,
  path: PathSegment[],
  condition: Condition | PolicyCondition,
  known: Known,
): void {
  checkCondition(condition, path, {
    known,
    report: (problem) => out.push({ file, ...problem }),
    unknownReference,
  });
}
