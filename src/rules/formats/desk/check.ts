// rules/desk.yaml, second pass: priorities, types and categories unique, defaults and the lifecycle calendar known.
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import { checkLocalisedTexts } from '../check-localised-texts.ts';
import { deskSchema } from './schema.ts';

const DESK = 'rules/desk.yaml';

/** The second pass over rules/desk.yaml. */
export function checkDesk(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const desk = input.desk;
  if (!desk) return out;
  if (known.languages) checkLocalisedTexts(DESK, [], deskSchema, desk, [...known.languages], out);
  duplicates(DESK, ['priorities'], desk.priorities, (p) => p.id, 'id', 'priority id', out);
  duplicates(DESK, ['types'], desk.types, (t) => t.id, 'id', 'type id', out);
  duplicates(DESK, ['categories'], desk.categories, (c) => c.id, 'id', 'category id', out);
  reference(out, DESK, ['defaultPriority'], known.priorities, desk.defaultPriority, 'priority', 'priorities');
  reference(out, DESK, ['defaultType'], known.types, desk.defaultType, 'type', 'types');
  reference(
    out,
    DESK,
    ['lifecycle', 'calendar'],
    known.calendars,
    desk.lifecycle.calendar,
    'calendar',
    'calendars (sla.yaml)',
  );
  return out;
}
