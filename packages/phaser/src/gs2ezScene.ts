import type { Gs2ezPlugin } from './gs2ezPlugin.ts'

// `gs2ezPlugin()` maps the plugin into every scene as `this.gs2ez`; this tells TypeScript so.
declare global {
  namespace Phaser {
    interface Scene {
      /** The GS2 session of the game, installed by `gs2ezPlugin()` in `plugins.global`. */
      readonly gs2ez: Gs2ezPlugin
    }
  }
}

/** A scene of a game that installed `gs2ezPlugin()`. */
export type Gs2ezScene = Phaser.Scene & { readonly gs2ez: Gs2ezPlugin }
