// Builds a `Rules` object from the small YAML fixtures of test/fixtures/routing (and the intake forms),
// so routing tests do not depend on the shipped rules/ folder.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type {
  CustomersFile,
  DeskSettings,
  RequestForm,
  RoutingFile,
  RoutingRule,
  Rules,
  TeamsFile,
} from '../../src/rules/types.ts';

function read<T>(path: string): T {
  return parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T;
}

/** The fixture rules; `routing` replaces routing.yaml's rules when given. */
export function fixtureRules(routing?: RoutingRule[]): Rules {
  return {
    desk: read<DeskSettings>('routing/desk.yaml'),
    teams: read<TeamsFile>('routing/teams.yaml'),
    customers: read<CustomersFile>('routing/customers.yaml'),
    routing: routing ? { rules: routing } : read<RoutingFile>('routing/routing.yaml'),
    sla: { calendars: [], policies: [] },
    forms: {
      incident: read<RequestForm>('intake/forms/incident.yaml'),
      'question-facturation': read<RequestForm>('intake/forms/question-facturation.yaml'),
      'access-request': read<RequestForm>('intake/forms/access-request.yaml'),
    },
    replies: {},
  };
}

/** Monday 2026-11-23 10:00 UTC: 11:00 in Paris, 05:00 in Montréal, 19:00 in Tokyo. */
export const monday = new Date('2026-11-23T10:00:00Z');

export const noWorkload = { openByAgent: {}, lastAssigned: {} };
