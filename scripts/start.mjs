// `npm start`: builds what is missing (the wasm engine, then the playground) and serves the
// playground on 127.0.0.1, with the strict Content-Security-Policy it is built for.
//   npm start -- --port 8080 --no-csp
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bootstrap, root } from './run.mjs';
import { buildWasm } from './build.mjs';
import { buildUi, uiOut } from './build-ui.mjs';
import { serve, STRICT_CSP } from './serve.mjs';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const portText = portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? '8080');
const port = Number(portText);
const csp = !args.includes('--no-csp');

try {
  if (!/^\d+$/.test(String(portText)) || port > 65535)
    throw Object.assign(new Error(`${portArg >= 0 ? '--port' : 'PORT'}: ${portText === undefined ? 'no value' : JSON.stringify(portText)} is not a port number (allowed 0 to 65535; 0 picks a free one)`), { exitCode: 2 });
  bootstrap();
  const dist = path.join(root, 'web/dist');
  if (!['gradlab-simd.wasm', 'gradlab-scalar.wasm', 'schema.js'].every((f) => existsSync(path.join(dist, f)))) await buildWasm();
  await buildUi();
  const { url } = await serve({ mounts: [{ prefix: '/', dir: uiOut }], port, csp });
  console.log(`\nGradLab playground: ${url}`);
  console.log(`  embed:   ${url}embed.html?preset=dying-relu-high-lr&controls=learningRate,activation`);
  console.log(`  CSP:     ${csp ? STRICT_CSP : 'off (--no-csp)'}`);
  console.log('Ctrl+C to stop.');
} catch (e) {
  console.error(`npm start failed: ${e.message}`);
  process.exit(e.exitCode ?? 1);
}
