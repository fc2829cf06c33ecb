// Supabase auth-js's minimal login and listen: AuthClient + signInWithPassword + onAuthStateChange.
import { AuthClient } from '@supabase/auth-js'

const auth = new AuthClient({ url: 'http://127.0.0.1:9999' })
auth.onAuthStateChange((event, session) => console.log(event, session?.user.id))
await auth.signInWithPassword({ email: 'player@example.com', password: 'secret' })
