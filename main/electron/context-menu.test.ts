import { describe, expect, it } from 'vitest'
import { appWords } from '../core/app-words.ts'
import { contextMenuTemplate } from './context-menu.ts'

const flags = { canUndo: false, canRedo: false, canCut: true, canCopy: true, canPaste: true, canDelete: true, canSelectAll: true, canEditRichly: false }
const words = appWords('en').contextMenu

describe('the context menu', () => {
  it('offers suggestions for a misspelled word, then editing', () => {
    const replaced: string[] = []
    const added: string[] = []
    const items = contextMenuTemplate(
      { isEditable: true, misspelledWord: 'tidigns', dictionarySuggestions: ['tidings', 'tiding'], selectionText: '', editFlags: flags },
      words,
      { replaceMisspelling: (w) => replaced.push(w), addToDictionary: (w) => added.push(w) },
    )
    expect(items.map((i) => i.label ?? i.type)).toEqual(['tidings', 'tiding', 'Add to Dictionary', 'separator', 'Cut', 'Copy', 'Paste', 'separator', 'Select All'])
    items[0]!.click!({} as never, undefined, {})
    items[2]!.click!({} as never, undefined, {})
    expect(replaced).toEqual(['tidings'])
    expect(added).toEqual(['tidigns'])
  })

  it('says when there is no suggestion; copies a selection outside fields; offers nothing on plain text', () => {
    const none = contextMenuTemplate({ isEditable: true, misspelledWord: 'zzqx', dictionarySuggestions: [], selectionText: '', editFlags: flags }, words, { replaceMisspelling() {}, addToDictionary() {} })
    expect(none[0]).toMatchObject({ label: 'No Suggestions', enabled: false })
    const selection = contextMenuTemplate({ isEditable: false, misspelledWord: '', dictionarySuggestions: [], selectionText: 'event data', editFlags: flags }, words, { replaceMisspelling() {}, addToDictionary() {} })
    expect(selection).toEqual([{ role: 'copy', label: 'Copy', enabled: true }])
    expect(contextMenuTemplate({ isEditable: false, misspelledWord: '', dictionarySuggestions: [], selectionText: ' ', editFlags: flags }, words, { replaceMisspelling() {}, addToDictionary() {} })).toEqual([])
  })

  it('speaks Chinese', () => {
    const items = contextMenuTemplate({ isEditable: true, misspelledWord: '', dictionarySuggestions: [], selectionText: '', editFlags: flags }, appWords('zh-CN').contextMenu, { replaceMisspelling() {}, addToDictionary() {} })
    expect(items.map((i) => i.label).filter(Boolean)).toEqual(['剪切', '复制', '粘贴', '全选'])
  })
})
