// Records each DynamoDB command a piece of work sends, as it starts and ends, so a test can count round trips.
import type { Harness } from './harness.js';

/** Runs `act` while recording `start X` / `end X` for each DynamoDB document-client command, in order. */
export const recordingCommands = async (h: Pick<Harness, 'deps'>, act: () => Promise<unknown>): Promise<string[]> => {
  const doc = h.deps.store.doc as { send: (...args: unknown[]) => Promise<unknown> };
  const send = doc.send;
  const events: string[] = [];
  doc.send = async (...args: unknown[]) => {
    const name = (args[0] as object).constructor.name.replace('Command', '');
    events.push(`start ${name}`);
    try {
      return await send.apply(doc, args);
    } finally {
      events.push(`end ${name}`);
    }
  };
  try {
    await act();
  } finally {
    doc.send = send;
  }
  return events;
};
