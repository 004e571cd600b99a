// One platform for the whole browser run: started once, its address and demo users handed to every test file.
import type { TestProject } from 'vitest/node';
import { startPlatform, type RunningPlatform } from './server.js';

export interface DemoUserFacts {
  readonly sub: string;
  readonly roles: string[];
  readonly organisationId?: string;
  readonly description: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    webBase: string;
    demoUsers: DemoUserFacts[];
  }
}

/** The demo users as the start-up banner prints them: sub, roles, organisation id, description. */
const parseBanner = (output: string): DemoUserFacts[] =>
  [...output.matchAll(/^ {2}(demo-\S+)\s+(\S+)\s+(org_\S+)?\s*(.+)$/gm)].map((m) => ({
    sub: m[1]!,
    roles: m[2]!.split(','),
    ...(m[3] ? { organisationId: m[3] } : {}),
    description: m[4]!.trim(),
  }));

let platform: RunningPlatform | undefined;

export default async function setup(project: TestProject) {
  platform = await startPlatform();
  project.provide('webBase', platform.base);
  project.provide('demoUsers', parseBanner(platform.output()));
  return async () => {
    await platform?.stop();
  };
}
