/**
 * What makes a valid token: pure checks shared by `makegood token add` and the store.
 * Staff work at exactly one location; managers and auditors oversee a list or '*'.
 */
import { ROLES, type Role } from '../contract/roles.ts';

export const LOCATION_ID = /^[a-z0-9][a-z0-9-]*$/;

export interface NewToken {
  role: Role;
  name: string;
  locations: string[];
  /** Made automatically for the loopback demo; refused on a public host. */
  demo?: boolean;
}

/** Returns a list of problems, each saying which argument and why; empty when valid. */
export function checkNewToken(input: { role?: string; name?: string; locations: string[] }): string[] {
  const problems: string[] = [];
  if (!input.role) problems.push('--role is required (staff, manager or auditor)');
  else if (!(ROLES as readonly string[]).includes(input.role)) problems.push(`--role "${input.role}" is not one of ${ROLES.join(', ')}`);
  const name = input.name?.trim() ?? '';
  if (!name) problems.push('--name is required, e.g. --name "Ana"');
  else if (name.length > 80) problems.push('--name must be at most 80 characters');
  else if (/[\u0000-\u001f\u007f]/.test(name)) problems.push('--name must not contain control characters');
  const locs = input.locations;
  if (locs.length === 0) {
    problems.push(input.role === 'staff' ? '--location is required for staff (exactly one)' : '--location is required: one or more locations, or "*" for all');
  } else {
    if (input.role === 'staff' && locs.length !== 1) problems.push('staff work at exactly one location: give one --location');
    if (input.role === 'staff' && locs.includes('*')) problems.push('staff cannot have location "*": give their one location');
    if (locs.includes('*') && locs.length > 1) problems.push('"*" already means all locations: give it alone');
    for (const l of locs) {
      if (l !== '*' && (!LOCATION_ID.test(l) || l.length > 60)) problems.push(`--location "${l}" must be lowercase letters, digits and dashes, e.g. des-moines`);
    }
    if (new Set(locs).size !== locs.length) problems.push('--location lists a location twice');
  }
  return problems;
}
