import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { JOURNAL_FILE, openJournal } from '../store/journal.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gs2ez-journal-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

test('batches come back in order after reopening; one line per batch', async () => {
  const first = openJournal(dir)
  expect(first.batches).toEqual([])
  first.journal.append([{ t: 'users', k: 'a', v: { n: 1 } }])
  first.journal.append([
    { t: 'users', k: 'b', v: { n: 2 } },
    { t: 'users', k: 'a' },
  ])
  first.journal.append([])
  first.journal.close()
  expect((await readFile(join(dir, JOURNAL_FILE), 'utf8')).split('\n')).toHaveLength(3)
  const second = openJournal(dir)
  expect(second.batches).toEqual([
    [{ t: 'users', k: 'a', v: { n: 1 } }],
    [
      { t: 'users', k: 'b', v: { n: 2 } },
      { t: 'users', k: 'a' },
    ],
  ])
  second.journal.close()
  expect(() => second.journal.append([{ t: 'users', k: 'c' }])).toThrow('closed')
})

test('a torn last line is cut off; a corrupt line in the middle refuses to start', async () => {
  await writeFile(join(dir, JOURNAL_FILE), '[{"t":"users","k":"a"}]\n[{"t":"us')
  const opened = openJournal(dir)
  expect(opened.batches).toHaveLength(1)
  opened.journal.append([{ t: 'users', k: 'b' }])
  opened.journal.close()
  expect(await readFile(join(dir, JOURNAL_FILE), 'utf8')).toBe(
    '[{"t":"users","k":"a"}]\n[{"t":"users","k":"b"}]\n',
  )

  await writeFile(
    join(dir, JOURNAL_FILE),
    '[{"t":"users","k":"a"}]\ngarbage\n[{"t":"users","k":"b"}]\n',
  )
  expect(() => openJournal(dir)).toThrow('Corrupt journal line 2')
})
