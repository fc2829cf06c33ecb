/** One palette for canvas and DOM, so the HUD and the game read as one product. */
export const palette = {
  space: 0x0b1020,
  ship: 0x5eead4,
  shipDark: 0x0f766e,
  flame: 0xfbbf24,
  gem: 0xfde047,
  gemDark: 0xca8a04,
  meteor: 0xf87171,
  meteorDark: 0x7f1d1d,
  heart: 0xfb7185,
  star: 0xe2e8f0,
  text: '#e2e8f0',
  accent: '#5eead4',
  warn: '#fbbf24',
} as const

export const GAME_WIDTH = 800
export const GAME_HEIGHT = 600
