// Waiting, with a deadline, for what the running app does after the seed asks (a webhook applied, a run paid).
export const poll = async (what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Seeding: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
