/**
 * The session feature owns who works at the bench now: the clerk on duty (chosen on Reception,
 * optionally with a PIN) and the bench's clerk list. Every receive, reject and reprint is signed
 * with the clerk on duty.
 */
import type { Language } from '../../../shared/languages'
import { HandledError } from '../../platform/dispatch'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import { hashPin, verifyPin, type SettingsService } from '../settings/settings-service'

export interface SessionDeps extends Pick<Platform, 'emit'> {
  settings: SettingsService
  language: () => Language
}

export function createSessionModule(deps: SessionDeps): HostModule & { readonly session: BenchSession } {
  const { settings, emit } = deps
  let clerkOnDuty: string | null = null
  const view = () => ({ clerk: clerkOnDuty, clerks: settings.publicClerks() })
  const setClerk = (name: string | null) => {
    clerkOnDuty = name
    emit('session.changed', view())
    return view()
  }
  return {
    name: 'session',
    session: {
      language: deps.language,
      clerk: () => clerkOnDuty,
      actor: (fallback = 'bench') => clerkOnDuty ?? fallback
    },
    handlers: {
      'clerks.save': ({ name, pin }) => {
        const others = settings.get().clerks.filter((clerk) => clerk.name !== name)
        settings.update({ clerks: [...others, { name, ...(pin ? { pinHash: hashPin(pin) } : {}) }] })
        return view()
      },
      'clerks.remove': ({ name }) => {
        settings.update({ clerks: settings.get().clerks.filter((clerk) => clerk.name !== name) })
        if (clerkOnDuty === name) return setClerk(null)
        return view()
      },
      'session.get': () => view(),
      'session.setClerk': ({ name, pin }) => {
        const known = settings.get().clerks.find((clerk) => clerk.name === name)
        if (!known) throw new HandledError('not_found', `clerk ${name} is not on this bench's list`)
        if (known.pinHash && !(pin && verifyPin(pin, known.pinHash))) throw new HandledError('wrong_pin', 'wrong PIN')
        return setClerk(name)
      }
    }
  }
}
