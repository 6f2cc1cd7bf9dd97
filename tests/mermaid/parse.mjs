// Parse each Mermaid file given with Mermaid's own parser (the one GitHub and VS Code run), in a bare DOM.
// Prints "ok FILE TYPE" or "FAIL FILE MESSAGE" per file; exit status 1 when any file fails.
import { JSDOM } from 'jsdom';
import fs from 'fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const parsed = await mermaid.parse(fs.readFileSync(file, 'utf8'));
    console.log('ok', file, parsed.diagramType);
  } catch (error) {
    failed += 1;
    console.log('FAIL', file, String(error.message || error).replace(/\s+/g, ' ').slice(0, 400));
  }
}
process.exit(failed ? 1 : 0);
