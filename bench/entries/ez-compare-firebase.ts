// Firebase's smallest login and listen: initializeAuth with IndexedDB persistence (lighter than
// getAuth's defaults) + signInAnonymously + onIdTokenChanged.
import { initializeApp } from '@firebase/app'
import {
  indexedDBLocalPersistence,
  initializeAuth,
  onIdTokenChanged,
  signInAnonymously,
} from '@firebase/auth'

const app = initializeApp({ apiKey: 'key', authDomain: 'demo.firebaseapp.com', projectId: 'demo' })
const auth = initializeAuth(app, { persistence: indexedDBLocalPersistence })
onIdTokenChanged(auth, (user) => console.log(user?.uid))
await signInAnonymously(auth)
