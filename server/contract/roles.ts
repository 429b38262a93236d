export const ROLES = ['staff', 'manager', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is on the other end of a socket, as the server knows them after auth. */
export interface Principal {
  /** Stable id of the token (not the secret). */
  token_id: string;
  role: Role;
  name: string;
  /** Staff: the one location they work at. Managers/auditors: the locations they oversee ('*' = all). */
  locations: string[];
}
