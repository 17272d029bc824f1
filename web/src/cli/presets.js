// `gradlab presets`: the lesson presets, one a line.
import { presets } from '../presets.js';
import { UsageError } from './args.js';

export const summary = 'list the lesson presets (name, step budget, title)';
export const usage = 'usage: gradlab presets\n\nOne line per lesson preset: its name (for gradlab run --preset NAME), its step budget and its title.';

export async function run(argv) {
  if (argv.length) throw new UsageError(`presets: unexpected argument ${JSON.stringify(argv[0])} (it takes none)`);
  for (const p of Object.values(presets)) console.log(`${p.name.padEnd(24)} ${p.steps} steps  ${p.title}`);
}
