/**
 * Lets the browser run what waits (input, paint) before going on: a task of its own, not
 * clamped like nested timers. Used while a server-drawn page is adopted (boot.ts, main.tsx)
 * so that no step is one long task.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
