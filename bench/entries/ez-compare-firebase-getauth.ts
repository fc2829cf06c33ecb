// Firebase's documented default: getAuth (all browser persistences) + signInAnonymously +
// onIdTokenChanged.
import { initializeApp } from '@firebase/app'
import { getAuth, onIdTokenChanged, signInAnonymously } from '@firebase/auth'

const app = initializeApp({ apiKey: 'key', authDomain: 'demo.firebaseapp.com', projectId: 'demo' })
const auth = getAuth(app)
onIdTokenChanged(auth, (user) => console.log(user?.uid))
await signInAnonymously(auth)
