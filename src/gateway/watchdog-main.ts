// Entry of the watchdog process (see watchdog.ts): node --import tsx watchdog-main.ts STATE_DIR TARGET.
import { runWatchdog } from './watchdog.ts';

const [stateDir, target] = process.argv.slice(2);
if (!stateDir || (target !== 'nftables' && target !== 'iptables')) {
  process.stderr.write('usage: watchdog-main.ts STATE_DIR nftables|iptables\n');
  process.exit(2);
}
try {
  await runWatchdog(stateDir, target, () => process.stdout.write('armed\n'));
} catch (error) {
  process.stderr.write(`kolokasi watchdog: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
