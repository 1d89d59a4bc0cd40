// Reads the SLA engine fixture (calendars, policies, statuses) shared by the SLA and lifecycle tests.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Calendar, DeskSettings, LifecycleSetting, SlaPolicy } from '../../src/rules/types.ts';

interface EngineFixture {
  statuses: DeskSettings['statuses'];
  calendars: Calendar[];
  policies: SlaPolicy[];
  lifecycle: LifecycleSetting;
}

export const engineFixture = parse(
  readFileSync(new URL('../fixtures/sla/engine.yaml', import.meta.url), 'utf8'),
) as EngineFixture;

export function calendarById(id: string): Calendar {
  const calendar = engineFixture.calendars.find((candidate) => candidate.id === id);
  if (!calendar) throw new Error(`fixture has no calendar "${id}"`);
  return calendar;
}

export function policyById(id: string): SlaPolicy {
  const policy = engineFixture.policies.find((candidate) => candidate.id === id);
  if (!policy) throw new Error(`fixture has no policy "${id}"`);
  return policy;
}
