/// <reference types="vite/client" />

interface Window {
  /** The last complete report the page ran or opened (for tests and the console). */
  __simlapseReport?: import('../engine/index.ts').Report;
}
