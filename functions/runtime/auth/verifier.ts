// Verifies bearer tokens against a JWKS (the app's own locally, Cognito's in AWS) and reads the principal.
import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../../../shared/domain/errors.js';
import { parseGroups, type Principal } from '../../../shared/domain/roles.js';

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export const createTokenVerifier = (options: {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience?: string | undefined;
}): TokenVerifier => ({
  async verify(token) {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        ...(options.audience ? { audience: options.audience } : {}),
        // Cognito and the local issuer both sign with RS256; nothing else is accepted.
        algorithms: ['RS256'],
        clockTolerance: 30,
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
        throw new AppError('unauthenticated', 'The token has no subject.');
      }
      const org = payload['custom:org_id'];
      return {
        sub: payload.sub,
        roles: parseGroups(payload['cognito:groups']),
        organisationId: typeof org === 'string' && org.length > 0 ? org : undefined,
      };
    } catch (error) {
      if (error instanceof AppError) throw error;
      const expired = error instanceof joseErrors.JWTExpired;
      throw new AppError('unauthenticated', expired ? 'The token has expired.' : 'The token is not valid.', {
        cause: error,
      });
    }
  },
});
