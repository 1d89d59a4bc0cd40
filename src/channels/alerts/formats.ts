// The alert formats, one line each: `POST /api/alerts/<name>` exists for each.
import { alertmanagerFormat } from './alertmanager-format.ts';
import type { AlertFormat } from './alert-format.ts';
import { genericFormat } from './generic-format.ts';
import { grafanaFormat } from './grafana-format.ts';

export const alertFormats: readonly AlertFormat[] = [alertmanagerFormat, grafanaFormat, genericFormat];
