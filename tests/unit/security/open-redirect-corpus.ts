/**
 * `next` values that try to leave the portal after login: protocol-relative
 * paths hidden behind dot segments, encodings, backslashes, tabs and
 * whitespace, and absolute URLs. Shared by the unit test of safeNextPath
 * and the production-mode login test.
 */
export const offsiteNexts: readonly string[] = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/%2e//evil.example',
  '/%2E%2E//evil.example',
  '/.%2e//evil.example',
  '/././/evil.example/x?y#z',
  '/x/..//evil.example',
  '/x/../..//evil.example',
  '/.\\/evil.example',
  '/%5c/evil.example',
  '/%5C%5Cevil.example',
  '/%2f/evil.example',
  '/%2F%2Fevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/ /evil.example',
  'https://evil.example',
  'HTTPS://evil.example/',
  'javascript:alert(1)',
  'data:text/html,x',
  '//evil.example@portal',
  '/@evil.example',
];
