/**
 * The right-click menu of the window: spelling suggestions for a misspelled word (spellcheck is on),
 * "Add to Dictionary", then Cut/Copy/Paste/Select All as the field allows. Built from Chromium's
 * `context-menu` params; Electron roles do the editing. The template is a pure function (types only
 * from electron), so a Node test covers what appears when.
 */
import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron'
import type { AppWords } from '../core/app-words.ts'

export interface ContextMenuActions {
  replaceMisspelling(word: string): void
  addToDictionary(word: string): void
}

type Params = Pick<ContextMenuParams, 'misspelledWord' | 'dictionarySuggestions' | 'isEditable' | 'selectionText' | 'editFlags'>

/** The items for one right-click; empty when there is nothing to offer (no menu then). */
export function contextMenuTemplate(params: Params, words: AppWords['contextMenu'], actions: ContextMenuActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = []
  if (params.isEditable && params.misspelledWord) {
    const suggestions = params.dictionarySuggestions.slice(0, 5)
    for (const word of suggestions) items.push({ label: word, click: () => actions.replaceMisspelling(word) })
    if (suggestions.length === 0) items.push({ label: words.noSuggestions, enabled: false })
    items.push({ label: words.addToDictionary, click: () => actions.addToDictionary(params.misspelledWord) }, { type: 'separator' })
  }
  const flags = params.editFlags
  if (params.isEditable) {
    items.push(
      { role: 'cut', label: words.cut, enabled: flags.canCut },
      { role: 'copy', label: words.copy, enabled: flags.canCopy },
      { role: 'paste', label: words.paste, enabled: flags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: words.selectAll, enabled: flags.canSelectAll },
    )
  } else if (params.selectionText.trim() !== '') {
    items.push({ role: 'copy', label: words.copy, enabled: flags.canCopy })
  }
  return items
}
