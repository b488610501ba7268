/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks with require(); this file is CommonJS on purpose. */
/**
 * electron-builder afterPack hook: flips the Electron fuses in the packaged binary, before any
 * signing, so the shipped app cannot be turned into something else:
 *  - RunAsNode off: ELECTRON_RUN_AS_NODE cannot make the signed binary a general Node runtime;
 *  - NODE_OPTIONS and --inspect off: no code injected through the environment or a debugger;
 *  - cookie encryption on: the session's cookies are encrypted with the OS keychain;
 *  - ASAR integrity on + only load the app from ASAR: a tampered or swapped app.asar is refused
 *    (integrity is validated on Windows and macOS; electron-builder embeds the hash).
 * GrantFileProtocolExtraPrivileges stays on: the renderer is served from file:// and its ES
 * module scripts need it; navigation, requests and CSP are locked down by src/main/electron/security.ts.
 */
const { join } = require('node:path')
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses')

const BENCH_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true
}

/** The packaged Electron executable electron-builder just wrote, per platform. */
function packagedElectron(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const productFilename = packager.appInfo.productFilename
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${productFilename}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${productFilename}.exe`)
  return join(appOutDir, packager.executableName ?? productFilename)
}

async function afterPack(context) {
  const binary = packagedElectron(context)
  const flipped = await flipFuses(binary, {
    ...BENCH_FUSES,
    // Apple silicon refuses a binary whose ad-hoc signature no longer matches its bytes.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin'
  })
  console.log(`  • fuses set on ${binary} (${flipped} fuse wire${flipped === 1 ? '' : 's'})`)
}

module.exports = afterPack
module.exports.default = afterPack
module.exports.BENCH_FUSES = BENCH_FUSES
module.exports.packagedElectron = packagedElectron
