/**
 * The Ed25519 public key this app checks release signatures with (SPKI PEM), built into the app.
 *
 * A lab that builds its own releases puts its own key here, or sets RB_UPDATE_PUBLIC_KEY when it
 * builds (electron.vite.config.ts writes it into the bundle in place of this one); never at run
 * time, so nothing on a bench can swap the key. `node scripts/sign-release.mjs keygen` makes a
 * pair, and sign-release refuses to sign with a private key that does not match the key the build
 * carries. The key below is a placeholder whose private half was never kept: until it is
 * replaced, a build installs no update (every signature fails), and sign-release says why.
 */
declare const __RB_UPDATE_PUBLIC_KEY__: string | undefined

export const PROJECT_RELEASE_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAhh803rUNVySh3OUhsQ503s2XdH9wo74ksD/zvhp+bMc=
-----END PUBLIC KEY-----
`

export const RELEASE_PUBLIC_KEY: string =
  typeof __RB_UPDATE_PUBLIC_KEY__ === 'string' && __RB_UPDATE_PUBLIC_KEY__.trim() !== '' ? __RB_UPDATE_PUBLIC_KEY__ : PROJECT_RELEASE_PUBLIC_KEY
