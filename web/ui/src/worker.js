// The engine's Web Worker: the page only draws; every training step and every instrument
// runs here. The messages are documented in protocol.js.
import { createRunner } from './runner.js';

const runner = createRunner((message, transfer) => self.postMessage(message, transfer));
// A dedicated worker only hears from the page that started it; runner.js checks each
// message's shape before acting on it.
self.addEventListener('message', (event) => runner.handle(event.data));
