// Finding resources in a synthesized CloudFormation template, for the infra tests.
import { expect } from 'vitest';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** Queries over a template's resources; `resources` is read on each call, so it may be filled in `beforeAll`. */
export const resourceQueries = (resources: () => Record<string, Resource>) => {
  const ofType = (type: string) => Object.entries(resources()).filter(([, r]) => r.Type === type);
  /** The id of the one resource of `type` that matches: fails unless exactly one does. */
  const idOf = (type: string, match: (r: Resource) => boolean): string => {
    const found = ofType(type).filter(([, r]) => match(r));
    expect(found, type).toHaveLength(1);
    return found[0]![0];
  };
  return { ofType, idOf };
};
