/**
 * A typed `t`: keys are checked against the English catalogue at compile time, so a typo or a
 * removed key fails `npm run typecheck` instead of showing a raw key to the user.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { en } from './en.ts'
import { formatLocale } from './locale.ts'

type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`

/** Every dotted path to a string in a nested catalogue. */
export type KeysOf<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? Join<P, K> : KeysOf<T[K], Join<P, K>>
}[keyof T & string]

/** The same nested shape with every leaf a string: what another language must provide. */
export type CatalogueShape<T> = { [K in keyof T]: T[K] extends string ? string : CatalogueShape<T[K]> }

export type MessageKey = KeysOf<typeof en>
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string

/** `t` plus the locale for Intl formatting of dates and numbers. */
export function useT(): { t: Translate; lang: string } {
  const { t, i18n } = useTranslation()
  return useMemo(() => {
    const translate: Translate = (key, values) => t(key, values ?? {})
    return { t: translate, lang: formatLocale(i18n.language, navigator.language) }
  }, [t, i18n.language])
}
