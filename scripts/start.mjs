// `npm start`: builds what is missing and serves the playground on 127.0.0.1.
import { bootstrap } from './run.mjs';
bootstrap();
console.error('The playground is not built yet: it arrives with the web issue. `npm test` runs the engine suite.');
process.exit(1);
