/**
 * Runs `close` once on SIGINT or SIGTERM, then exits. A second signal, or a close that hangs past the
 * grace period, exits at once.
 */
export function onShutdown(close: () => Promise<void>, graceMs = 10_000): void {
  let closing = false;
  const handle = (signal: NodeJS.Signals) => {
    if (closing) {
      console.error(`${signal} again: exiting now.`);
      process.exit(1);
    }
    closing = true;
    console.log(`${signal}: shutting down…`);
    setTimeout(() => {
      console.error(`Shutdown took longer than ${graceMs} ms: exiting.`);
      process.exit(1);
    }, graceMs).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
