export interface GameStatus {
  readonly scene: string
  readonly score?: number
  readonly lives?: number
  readonly level?: number
}

export type ReportGameStatus = (status: GameStatus) => void

/**
 * Mirrors what the canvas shows into data attributes on its container, so tests (and anyone
 * inspecting the page) can read the game's state without OCR on a canvas.
 */
export function reportToDataset(element: HTMLElement): ReportGameStatus {
  return (status) => {
    element.dataset.scene = status.scene
    for (const key of ['score', 'lives', 'level'] as const) {
      const value = status[key]
      if (value === undefined) delete element.dataset[key]
      else element.dataset[key] = String(value)
    }
  }
}
