// The `repodesk` command line: one table of subcommands, each in its own module, loaded on demand so
// that `repodesk validate` never pays for the HTTP server's imports.

import type { Command } from './command.ts';

/** Subcommands, in the order `--help` lists them. Add a line here when a command lands. */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  validate: () => import('./validate.ts'),
  route: () => import('./route.ts'),
  serve: () => import('./serve.ts'),
  start: () => import('./start.ts'),
  sweep: () => import('./sweep.ts'),
  sla: () => import('./sla.ts'),
  mail: () => import('./mail.ts'),
  jobs: () => import('./jobs.ts'),
  report: () => import('./report.ts'),
  forms: () => import('./forms.ts'),
  commands: () => import('./commands.ts'),
  setup: () => import('./setup.ts'),
  doctor: () => import('./doctor.ts'),
  privacy: () => import('./privacy.ts'),
  simulate: () => import('./simulate.ts'),
  why: () => import('./why.ts'),
};

function overview(): string {
  return [
    'repodesk — a helpdesk that lives in a git repository',
    '',
    'Usage: repodesk <command> [options]',
    '',
    'Commands:',
  ].join('\n');
}

/** Entry point: returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines = [overview()];
    for (const [commandName, load] of Object.entries(commands)) {
      const { command } = await load();
      lines.push(`  ${commandName.padEnd(10)} ${command.summary}`);
    }
    lines.push('', 'Run `repodesk <command> --help` for the options of one command.');
    process.stdout.write(lines.join('\n') + '\n');
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(
      `repodesk: unknown command "${name}"; known commands: ${Object.keys(commands).join(', ')}\n` +
        'Run `repodesk --help` for the list.\n',
    );
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  return command.run(rest);
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
