// The floor for a warm start: a page that only opens an IndexedDB database and reads one key
// (written on the first visit), with the raw API and nothing else.
const done = (ms: number) => {
  ;(globalThis as { __result?: unknown }).__result = { ms }
}
const request = indexedDB.open('floor', 1)
request.onupgradeneeded = () => request.result.createObjectStore('kv')
request.onsuccess = () => {
  const read = request.result.transaction('kv', 'readonly').objectStore('kv').get('token')
  read.onsuccess = () => {
    if (read.result !== undefined) return done(performance.now())
    const write = request.result.transaction('kv', 'readwrite')
    write.objectStore('kv').put({ token: 'x'.repeat(200), expire: Date.now() + 3_600_000 }, 'token')
    write.oncomplete = () => done(performance.now())
  }
}

export {}
