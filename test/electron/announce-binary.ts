import { electronBinary, NO_ELECTRON } from './electron-binary'

/** Said loudly, once, so nobody reads a skipped suite as a passed one. */
export default function announceBinary(): void {
  const binary = electronBinary()
  console.log(binary ? `Electron binary: ${binary}` : `${NO_ELECTRON}: every Electron scenario below is reported as skipped, not passed.`)
}
