// The Astro Starlight anchor of the site benchmarks, in one place: site-build.ts times its build on the
// generated articles, site-weight.ts weighs its page of the same article as ours. Starlight is built from
// its own project in the temp folder, installed there once with npm (`astro@<our version>
// @astrojs/starlight@0.42.4`, minimal sidebar, fr + en locales): inside this repository's node_modules
// its build fails (ERR_UNSUPPORTED_ESM_URL_SCHEME 'astro:' prerendering /404), alone it builds. Its build
// includes its own Pagefind index, like ours. Each benchmark process builds in a project folder of its own
// (the installed node_modules hard-linked into it), so two benchmarks run at once never share content,
// output or Astro's cache.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'node_modules/.bin');
export const starlightVersion = '0.42.4';
const installDir = path.join(os.tmpdir(), 'repodesk-starlight-bench');
let ownProject: Promise<string> | undefined;

/** This process's project folder: a copy of the installed project, its node_modules hard-linked. */
function projectFolder(): Promise<string> {
  ownProject ??= (async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'repodesk-starlight-project-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    await run('cp', ['-al', path.join(installDir, 'node_modules'), folder]);
    // Caches are written in place: a hard-linked one would be shared after all.
    for (const cache of ['.astro', '.vite']) {
      await rm(path.join(folder, 'node_modules', cache), { recursive: true, force: true });
    }
    await cp(path.join(installDir, 'package.json'), path.join(folder, 'package.json'));
    return folder;
  })();
  return ownProject;
}

/**
 * The Starlight project (installed once), its content replaced by the articles of `content/kb/{fr,en}`.
 * `rename` maps a file name to the one Starlight gets (Starlight pairs translations by file name).
 */
export async function starlightProject(
  content: string,
  rename: (name: string) => string = (name) => name,
): Promise<string> {
  const astroVersion = (
    JSON.parse(await readFile(path.join(repo, 'node_modules/astro/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const installed = await stat(path.join(installDir, 'node_modules/@astrojs/starlight')).catch(
    () => undefined,
  );
  if (!installed) {
    await mkdir(installDir, { recursive: true });
    await writeFile(
      path.join(installDir, 'package.json'),
      JSON.stringify({ name: 'starlight-bench', type: 'module', private: true }),
    );
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        `astro@${astroVersion}`,
        `@astrojs/starlight@${starlightVersion}`,
      ],
      {
        cwd: installDir,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  }
  const starlightDir = await projectFolder();
  await writeFile(
    path.join(starlightDir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
export default defineConfig({
  integrations: [starlight({
    title: 'Bench',
    defaultLocale: 'fr',
    locales: { fr: { label: 'Français', lang: 'fr' }, en: { label: 'English', lang: 'en' } },
    sidebar: [{ label: 'Accueil', link: '/fr/' }],
  })],
});
`,
  );
  await mkdir(path.join(starlightDir, 'src'), { recursive: true });
  await writeFile(
    path.join(starlightDir, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };
`,
  );
  const docs = path.join(starlightDir, 'src/content/docs');
  await rm(docs, { recursive: true, force: true });
  for (const lang of ['fr', 'en']) {
    await mkdir(path.join(docs, lang), { recursive: true });
    for (const name of await readdir(path.join(content, 'kb', lang))) {
      await cp(path.join(content, 'kb', lang, name), path.join(docs, lang, rename(name)));
    }
    await writeFile(
      path.join(docs, lang, 'index.md'),
      `---\ntitle: ${lang === 'fr' ? 'Accueil' : 'Home'}\n---\n`,
    );
  }
  return starlightDir;
}

/** The command (and its folder) that builds the Starlight project cold: no dist, no content cache. */
export async function coldStarlightBuild(project: string): Promise<{ command: string[]; cwd: string }> {
  await rm(path.join(project, 'dist'), { recursive: true, force: true });
  await rm(path.join(project, 'node_modules/.astro'), { recursive: true, force: true });
  return { command: [path.join(project, 'node_modules/.bin/astro'), 'build', '--silent'], cwd: project };
}

/** Builds Starlight over `content` and returns its output folder (`<project>/dist`). */
export async function buildStarlight(content: string, rename?: (name: string) => string): Promise<string> {
  const project = await starlightProject(content, rename);
  const { command, cwd } = await coldStarlightBuild(project);
  await run(command[0]!, command.slice(1), {
    cwd,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', PATH: `${bin}:${process.env.PATH}` },
    maxBuffer: 256 * 1024 * 1024,
  });
  return path.join(project, 'dist');
}
