/** Errors of the renderer, in a module of their own so that light functions can name them without loading Chromium. */
export class RenderTimeoutError extends Error {}

/** Every page is busy and the queue of waiting renders is full: try again shortly. */
export class RendererBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("every page of the renderer is busy and its queue is full");
  }
}

/** The browser exited during the render (crashed or was killed); the next render starts a new one. */
export class RendererCrashedError extends Error {}

/** The browser could not be started at all (missing or broken executable). */
export class BrowserLaunchError extends Error {}

/** The renderer is shutting down and takes no more work. */
export class RendererClosedError extends Error {}
