// Writes NAME.br (brotli, quality 11) and NAME.gz (gzip -9) beside each CSS, JS, wasm, SVG
// and HTML file of a folder, for the server to send as they are (server/src/http/assets.rs);
// a copy is made again only when its file is newer. Copies whose file is gone are removed.
// Usage: node scripts/precompress.mjs DIR [--remove]   (--remove: only remove the copies,
// for a debug site whose wasm is megabytes and is compressed on the fly instead)
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const [dir, flag] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/precompress.mjs DIR [--remove]');
  process.exit(2);
}
const compressible = /\.(css|js|mjs|wasm|svg|html|json|txt)$/;
const made = [];
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  const copy = /^(.*)\.(br|gz)$/.exec(name);
  if (copy) {
    if (flag === '--remove' || !existsSync(join(dir, copy[1]))) unlinkSync(path);
    continue;
  }
  if (flag === '--remove' || !compressible.test(name) || !statSync(path).isFile()) continue;
  const modified = statSync(path).mtimeMs;
  const stale = (target) => !existsSync(target) || statSync(target).mtimeMs < modified;
  const raw = readFileSync(path);
  const text = !name.endsWith('.wasm');
  let br = null;
  let gz = null;
  if (stale(`${path}.br`)) {
    br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: 22,
        [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    writeFileSync(`${path}.br`, br);
  }
  if (stale(`${path}.gz`)) {
    gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${path}.gz`, gz);
  }
  if (br || gz) {
    const kb = (bytes) => (bytes.length / 1024).toFixed(1);
    made.push(`${name} ${kb(raw)} KB → br ${br ? kb(br) : '(kept)'} KB, gz ${gz ? kb(gz) : '(kept)'} KB`);
  }
}
for (const line of made) console.log(`    ${line}`);
