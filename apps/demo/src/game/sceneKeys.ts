export const SceneKeys = {
  boot: 'Boot',
  title: 'Title',
  game: 'Game',
  gameOver: 'GameOver',
} as const
