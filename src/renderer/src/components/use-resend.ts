import { useState } from 'react'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

/**
 * Resending a failed message to a veterinarian, as every list of messages offers it: the request,
 * the "resent" state the list shows, and a reload of the list afterwards.
 */
export function useResend(reload: () => void): { resent: boolean; resend(id: string): Promise<void> } {
  const showError = useAppStore((state) => state.showError)
  const [resent, setResent] = useState(false)
  const resend = async (id: string) => {
    try {
      await call('notifications.resend', { id })
      setResent(true)
      reload()
    } catch (error) {
      showError(error)
    }
  }
  return { resent, resend }
}
