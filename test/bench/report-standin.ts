// The GitHub stand-in in its own process for the report benchmark, so the benchmark's CPU time is the
// report's alone. Prints `{"url": …}` on one line once listening; stops on SIGTERM.
import { startStandin } from '../../src/standin/start-standin.ts';

const standin = await startStandin({
  users: [
    { login: 'repodesk-bot', token: 'bot-token' },
    { login: 'camille', token: 'camille-token' },
    { login: 'hugo', token: 'hugo-token' },
  ],
  allowClockOverride: true,
  // Seeding 10,000 tickets is slow enough; the integration tests check every answer against the description.
  validateResponses: false,
});
process.stdout.write(`${JSON.stringify({ url: standin.url })}\n`);
process.on('SIGTERM', () => {
  void standin.close().then(() => process.exit(0));
});
