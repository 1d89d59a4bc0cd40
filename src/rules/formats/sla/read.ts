// rules/sla.yaml, first pass, and the ICS files its calendars name (read now so that the checks and the
// SLA engine stay pure).
import path from 'node:path';
import type { RulesInput } from '../../rules-input.ts';
import type { FormatReader } from '../format-reader.ts';
import { readSingleFile } from '../single-file.ts';

export async function readSla(reader: FormatReader, input: RulesInput): Promise<void> {
  await readSingleFile('sla', reader, input);
  for (const calendar of input.sla?.calendars ?? []) {
    if (calendar.ics === undefined) continue;
    const file = path.posix.join('rules', calendar.ics);
    if (input.icsTexts.has(file)) continue;
    const text = await reader.read(file);
    input.icsTexts.set(file, text);
    if (text !== undefined) reader.counted(file);
  }
}
