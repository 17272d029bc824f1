// The line protocol every engine driver speaks (the native driver too): one command per line
// on stdin, one JSON object per line on stdout.
//   hello                 -> {engine, ...facts}
//   check <netId>         -> {loss}: mean training loss after the loss-agreement steps
//   run <workload> <runs> -> {seconds, work}: `runs` runs of the workload, each from the
//                            initial weights (reset untimed), `work` units done in `seconds`
//   memory                -> {bytes} (wasm engines)
//   quit
// Errors come back as {error: message}; the driver keeps serving.
import { createInterface } from 'node:readline';

export const now = () => performance.now() / 1000;

export async function serve(handlers) {
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, ...args] = line.trim().split(/\s+/);
    if (!cmd) continue;
    if (cmd === 'quit') break;
    try {
      const h = handlers[cmd];
      if (!h) throw new Error(`unknown command ${cmd}`);
      out(await h(...args));
    } catch (e) {
      out({ error: e?.stack ?? String(e) });
    }
  }
  rl.close();
  process.exit(0);
}
