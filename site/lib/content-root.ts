// Where the site reads `kb/` and `rules/` from: the repository by default, another folder with
// REPODESK_ROOT (the browser tests build from `test/fixtures/site`, the benchmark from generated articles).
import path from 'node:path';

export const contentRoot = path.resolve(process.env.REPODESK_ROOT ?? '.');
