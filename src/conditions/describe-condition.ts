// A `when` in words, key by key through index.ts: what the help site's response-times page shows.
import { conditionByKey } from './condition-by-key.ts';
import type { DescribeContext } from './condition-key.ts';
import type { AnyCondition } from './index.ts';

/** The condition in `lang` (French or English), ids named by `name`. */
export function describeCondition(
  condition: AnyCondition,
  lang: string,
  name: DescribeContext['name'],
): string {
  const context: DescribeContext = {
    lang,
    name,
    describe: (part) => describeCondition(part, lang, name),
  };
  return Object.entries(condition)
    .map(([key, value]) => conditionByKey(key)?.describe(value as never, context) ?? key)
    .join(' ');
}
