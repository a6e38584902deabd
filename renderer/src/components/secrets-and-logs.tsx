/**
 * Settings › Privacy and diagnostics, shown only in the app (where the desktop shell answers): where
 * tokens and passwords are kept, said plainly from the shell's keychain data, and a button that
 * opens the folder with the log files a user can send with a bug report.
 */
import { useEffect, useState } from 'react'
import { FolderOpen } from 'lucide-react'
import type { KeychainDto, TidingsShellApi } from '../../../preload/contract.ts'
import { useT, type Translate } from '../i18n/translate.ts'
import { errorMessage } from '../util/error-message.ts'

/** Linux keychain backends by Electron's name, in words people know. */
const BACKENDS: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
}

/** One or two sentences on where secrets are kept, from the shell's data. */
export function describeKeychain(keychain: KeychainDto, t: Translate): string {
  if (keychain.storage === 'user-file') return t('secrets.userFile')
  const name = BACKENDS[keychain.backend]
  return name === undefined ? t('secrets.keychain') : t('secrets.keychainNamed', { name })
}

export interface SecretsAndLogsProps {
  shell: TidingsShellApi
}

/** The section; a failure to read the keychain state or open the folder is said at its place. */
export function SecretsAndLogs({ shell }: SecretsAndLogsProps) {
  const { t } = useT()
  const [keychain, setKeychain] = useState<KeychainDto | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    shell.keychain().then(
      (found) => {
        if (live) setKeychain(found)
      },
      (e: unknown) => {
        if (live) setError(t('secrets.readFailed', { message: errorMessage(e) }))
      },
    )
    return () => {
      live = false
    }
    // `t` only words a failure.
  }, [shell])

  const openLogs = (): void => {
    setError(null)
    shell.openLogFolder().catch((e: unknown) => setError(t('secrets.logsFailed', { message: errorMessage(e) })))
  }

  return (
    <section aria-labelledby="secrets-title" data-section="secrets">
      <h3 id="secrets-title">{t('secrets.title')}</h3>
      {keychain !== null && (
        <p className={keychain.storage === 'user-file' ? 'notice' : 'hint'} data-keychain={keychain.storage}>
          {describeKeychain(keychain, t)}
        </p>
      )}
      <div className="io-row">
        <button type="button" onClick={openLogs}>
          <FolderOpen size={14} aria-hidden="true" />
          {t('secrets.openLogs')}
        </button>
      </div>
      <p className="hint">{t('secrets.logsHint')}</p>
      {error !== null && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
