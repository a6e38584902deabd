/**
 * `node --import ./main/test-support/electron-stand-in-hooks.ts out/main/index.js`: makes every
 * `import … from 'electron'` (and `require('electron')`) of that process resolve to the recording
 * stand-in (electron-stand-in.ts) instead of the npm package, which would try to launch or download
 * the Electron binary. Node's synchronous module hooks (Node 24), so both module systems see it.
 */
import { registerHooks } from 'node:module'

const standIn = new URL('./electron-stand-in.ts', import.meta.url).href

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standIn, shortCircuit: true }
    return nextResolve(specifier, context)
  },
})
