/**
 * The smallest PixiJS 8 wiring of gs2ez: log in with a device account, then show who is
 * signed in and how long the token lives. Copy this if your game uses PixiJS.
 */
import { Gs2AccountAuthenticator, Profile } from '@gs2ez/ez'
import { Application, Graphics, Text } from 'pixi.js'
import { readDemoConfig } from '../config.ts'
import { formatCountdown, shortenUserId } from '../ui/format.ts'

const config = readDemoConfig(import.meta.env)
const app = new Application()
await app.init({ background: '#0b1020', resizeTo: window, antialias: true })
document.body.append(app.canvas)

const style = { fill: '#e2e8f0', fontFamily: 'system-ui, sans-serif', fontSize: 22 }
const title = new Text({
  text: 'gs2ez + PixiJS',
  style: { ...style, fontSize: 36, fill: '#5eead4' },
})
const who = new Text({ text: 'Signing in…', style })
const expires = new Text({ text: '', style })
const orb = new Graphics().circle(0, 0, 40).fill('#5eead4').circle(0, 0, 24).fill('#0b1020')
for (const [i, item] of [title, who, expires].entries()) item.position.set(40, 40 + i * 48)
app.stage.addChild(title, who, expires, orb)

const profile = new Profile({
  clientId: config.clientId,
  clientSecret: config.clientSecret,
  endpointTemplate: config.endpointTemplate,
})

let expire: number | undefined
try {
  const session = await profile.login(
    new Gs2AccountAuthenticator({ namespaceName: config.namespaceName }),
  )
  who.text = `Signed in as ${shortenUserId(session.userId)}`
  who.label = session.userId ?? ''
  session.accessToken$.subscribe((token) => {
    expire = token?.expire
  })
} catch (error) {
  who.text = `Login failed: ${error instanceof Error ? error.message : String(error)}`
  who.style.fill = '#f87171'
}

app.ticker.add((ticker) => {
  orb.position.set(app.screen.width - 100, 100)
  orb.rotation += 0.02 * ticker.deltaTime
  orb.scale.set(1 + Math.sin(performance.now() / 400) * 0.08)
  expires.text =
    expire === undefined ? '' : `Token expires in ${formatCountdown(expire - Date.now())}`
  // A DOM mirror of the canvas text, for tests and screen readers.
  document.body.dataset.userId = who.label
  document.body.dataset.expires = expires.text
})
