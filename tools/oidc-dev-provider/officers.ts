/** SPEC §3 "desk": the development provider's two officers, one per consulate, sharing one demo password. */
export const DEMO_PASSWORD = 'desk-demo-password';

export const DEMO_OFFICERS = {
  'kyiv-officer': { name: 'Kovács Katalin', consulate: 'HU-KYIV' },
  'warsaw-officer': { name: 'Nowak Piotr', consulate: 'HU-WARSAW' },
} as const;

export type DemoOfficerId = keyof typeof DEMO_OFFICERS;

export const isDemoOfficer = (login: string): login is DemoOfficerId => Object.hasOwn(DEMO_OFFICERS, login);



