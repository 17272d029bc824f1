#!/usr/bin/env node
// `gradlab`: the command-line tool. This file only dispatches; each command is a module
// listed in ./cli/commands.js.
//   gradlab run --preset dying-relu-high-lr --steps 2000 --out run.json --csv run.csv
import { commands } from './cli/commands.js';
import { splitCommand, UsageError, EXIT } from './cli/args.js';
import { didYouMean } from './errors.js';

const names = Object.keys(commands);

async function load(name) {
  if (!Object.hasOwn(commands, name))
    throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${names.join(', ')})${didYouMean(name, names)}`);
  return commands[name]();
}

async function overview() {
  const lines = [
    'gradlab — train a small neural network and watch what happens inside it',
    '',
    'usage: gradlab <command> [options]     gradlab <command> --help: its options',
    '',
    'commands:',
  ];
  const width = Math.max(...names.map((n) => n.length)) + 2;
  for (const name of names) lines.push(`  ${name.padEnd(width)}${(await commands[name]()).summary}`);
  lines.push('', `exit status: ${EXIT.ok} done; ${EXIT.usage} a usage error (nothing was done); ${EXIT.failed} any other failure; each command's --help lists its own.`);
  return lines.join('\n');
}

let current = null;  // the command whose usage a usage error points to

async function main(argv) {
  const { command, rest } = splitCommand(argv);
  if (command === 'help') {
    const topic = rest.find((a) => !a.startsWith('-'));
    if (topic === undefined) return console.log(await overview());
    current = topic;
    return console.log((await load(topic)).usage);
  }
  const mod = await load(command);
  current = command;
  if (rest.includes('--help') || rest.includes('-h')) return console.log(mod.usage);
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code ?? EXIT.ok; },
  (e) => {
    // One line, no stack, for anything the user can fix, with the hint where to look.
    const usage = e instanceof UsageError;
    const hint = usage ? ` (see gradlab ${current && Object.hasOwn(commands, current) ? `${current} ` : ''}--help)` : '';
    process.stderr.write(`gradlab: ${e?.message ?? e}${hint}\n`);
    process.exitCode = usage ? EXIT.usage : EXIT.failed;
  },
);
