// Browser bundle size of one entry: esbuild --bundle --minify --format=esm --platform=browser,
// then gzip level 9 and brotli quality 11 through node:zlib. Workspace packages resolve to
// their sources through the `@gs2ez/source` condition, so nothing needs building first.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'

export interface BundleSize {
  readonly minBytes: number
  readonly gzipBytes: number
  readonly brotliBytes: number
}

/**
 * What each dependency adds to an entry, gzip: the entry's size minus its size with that
 * dependency left external (so shared compression context is counted where it falls). "our
 * code" is what remains with every listed dependency external.
 */
export async function measureBreakdown(
  entryAbsPath: string,
  groups: Readonly<Record<string, readonly string[]>>,
): Promise<Record<string, number>> {
  const total = (await measureBundle(entryAbsPath)).gzipBytes
  const out: Record<string, number> = {}
  for (const [name, external] of Object.entries(groups)) {
    out[name] = total - (await measureBundle(entryAbsPath, { external })).gzipBytes
  }
  const all = Object.values(groups).flat()
  out['our code'] = (await measureBundle(entryAbsPath, { external: all })).gzipBytes
  return out
}

export async function measureBundle(
  entryAbsPath: string,
  options: { external?: readonly string[] } = {},
): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entryAbsPath],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@gs2ez/source'],
    external: [...(options.external ?? [])],
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents
  if (code === undefined) throw new Error(`esbuild produced nothing for ${entryAbsPath}`)
  return {
    minBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    brotliBytes: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).byteLength,
  }
}
