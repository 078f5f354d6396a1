/** Errors of the renderer, in a module of their own so that light functions can name them without loading Chromium. */
export class RenderTimeoutError extends Error {}
