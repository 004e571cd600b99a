// Who is calling: roles from the token, and the organisation the user belongs to.
export const ROLES = ['admin', 'fund_manager', 'vcse', 'link_worker', 'commissioner'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly organisationId: string | undefined;
}

export const hasRole = (principal: Principal, ...roles: Role[]): boolean =>
  principal.roles.some((role) => roles.includes(role));

/**
 * Reads Cognito groups as they arrive: a JSON array in a verified token, or API Gateway's
 * authorizer-context rendering of it, a bracketed space-separated string such as "[fund_manager admin]".
 * Unknown group names are dropped rather than trusted.
 */
export const parseGroups = (value: unknown): Role[] => {
  let names: string[] = [];
  if (Array.isArray(value)) {
    names = value.filter((v): v is string => typeof v === 'string');
  } else if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const inner = trimmed.slice(1, -1);
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (Array.isArray(parsed)) return parseGroups(parsed);
      } catch {
        // Not JSON: API Gateway's "[a b]" form, handled below.
      }
      names = inner.split(/[\s,]+/);
    } else {
      names = trimmed.split(/[\s,]+/);
    }
  }
  return [...new Set(names.map((n) => n.trim()).filter(isRole))];
};
