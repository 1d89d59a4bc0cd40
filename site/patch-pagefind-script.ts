// The changes the build makes to Pagefind's browser script (`<bundle>/pagefind.js`, which the site's
// search runs in the page), each a text replacement of Pagefind 1.6's script, measured in Chromium on
// 5,000 generated articles. A Pagefind whose script no longer has a replaced text is left as it is for
// that change, with a warning: search works, only slower. Pagefind's own interface runs the copy in
// pagefind-worker.js, which is left as Pagefind writes it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface ScriptPatch {
  /** What the change does, for the warning when it no longer applies. */
  name: string;
  find: string | RegExp;
  replace: string;
  /** How many times `find` must occur. */
  count: number;
}

// The gzip decompression of Pagefind's files with the browser's own DecompressionStream, where Pagefind
// runs its JavaScript gunzip on the page's thread: 30-40 ms for the WebAssembly alone before the first
// search, and a few ms for each index chunk. Files under 8 KB (most fragments) keep the JavaScript gunzip,
// which answers them sooner than a stream would. Any failure falls back to Pagefind's own gunzip.
const nativeDecompress =
  'async decompressNative(data,file="unknown file"){' +
  'if(data.length<8192||typeof DecompressionStream==="undefined"||this.decoder.decode(data.slice(0,12))==="pagefind_dcd")return this.decompress(data,file);' +
  'try{const out=new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());' +
  'if(this.decoder.decode(out.slice(0,12))==="pagefind_dcd")return out.slice(12);}catch(e){}' +
  'return this.decompress(data,file);}';

const patches: ScriptPatch[] = [
  {
    // `getPtr()`, which every search and fragment load goes through, waits for the WebAssembly and the
    // metadata by polling every 50 ms: the first search, started while they load, then sits 25 ms on
    // average and up to 50 ms after they are ready (0-42 ms measured). Every 5 ms costs nothing noticeable.
    name: 'the ready poll every 5 ms instead of 50',
    find: 'while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(50);}',
    replace: 'while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(5);}',
    count: 1,
  },
  {
    name: 'the native gzip decompression',
    find: 'decompress(data,file="unknown file"){',
    replace: `${nativeDecompress}decompress(data,file="unknown file"){`,
    count: 1,
  },
  {
    // The five loads (metadata, WebAssembly, index and filter chunks, fragments) are async functions.
    name: 'the native gzip decompression of each load',
    find: /=this\.decompress\(new Uint8Array\((\w+)\),/g,
    replace: '=await this.decompressNative(new Uint8Array($1),',
    count: 5,
  },
];

const marker = '/* changed by repodesk: site/patch-pagefind-script.ts */\n';

/** Applies every patch that still fits Pagefind's script in `bundle`; warns for those that do not. */
export async function patchPagefindScript(bundle: string): Promise<void> {
  const file = path.join(bundle, 'pagefind.js');
  let script = await readFile(file, 'utf8');
  if (script.startsWith(marker)) return;
  for (const patch of patches) {
    const found =
      typeof patch.find === 'string'
        ? script.split(patch.find).length - 1
        : [...script.matchAll(patch.find)].length;
    if (found !== patch.count) {
      process.stderr.write(
        `${file}: Pagefind's script no longer has what site/patch-pagefind-script.ts changes for ${patch.name} ` +
          `(found ${found} times, expected ${patch.count}); search works without it: update the patch for this Pagefind\n`,
      );
      continue;
    }
    script =
      typeof patch.find === 'string'
        ? script.split(patch.find).join(patch.replace)
        : script.replace(patch.find, patch.replace);
  }
  await writeFile(file, `${marker}${script}`);
}
